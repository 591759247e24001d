import { LakeformError } from "../../core/errors.ts";
import { describeLocation, localPathOf, type DataLocation } from "../../storage/data-location.ts";

/**
 * The local path of a location DuckDB reads or writes. The embedded engine reaches local files
 * only (no httpfs, no warehouse): any other location is an error naming it, and the asset when known.
 */
export function localPathFor(location: DataLocation | string, asset?: string): string {
  if (typeof location === "string") return location;
  const path = localPathOf(location);
  if (path !== undefined) return path;
  const what = `the DuckDB engine reads and writes local files only, not ${describeLocation(location)}`;
  const fix = "run the asset on an engine that reaches it (emr for s3://, bigquery for gs:// and tables), or keep the environment's data in a local folder";
  throw new LakeformError(asset === undefined ? `${what[0]?.toUpperCase()}${what.slice(1)}. Fix: ${fix}.` : `Asset "${asset}": ${what}. Fix: ${fix}.`);
}
