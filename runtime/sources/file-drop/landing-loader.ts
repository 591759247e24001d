import type { AssetNode } from "../../core/graph/asset-node.ts";
import type { SchemaDrift } from "../../core/schema-drift.ts";
import type { TimeWindow } from "../../core/partitions/time-window.ts";
import type { DataLocation } from "../../storage/data-location.ts";
import type { LandingFile } from "./landing-file.ts";

/** Landing files of a file-drop source to load into one partition of its raw tier. */
export interface LandingLoadRequest {
  /** A source (`compute.kind === "ingest"`): its file drop says the format, its columns the schema. */
  readonly node: AssetNode;
  /** `""` when the source is unpartitioned. */
  readonly partition: string;
  readonly window: TimeWindow | undefined;
  /** The files to load (possibly none: then an empty version with the schema). */
  readonly files: readonly LandingFile[];
  /** The key that hashes PII columns as they are read (`LAKEFORM_PII_KEY`). */
  readonly piiKey: Buffer | undefined;
  /** Where the loaded rows go: a new version, invisible until published. */
  readonly output: DataLocation;
}

/** What a load wrote. */
export interface LandingLoadResult {
  readonly rows: number;
  readonly drift: SchemaDrift;
}

/**
 * The capability a file-drop source needs: load files of a format into a location with the
 * declared schema enforced (types converted exactly, every record accounted for, PII treated
 * as it is read). Which files, for which partition, and what no file means (waiting for data)
 * is the source's business, not the loader's.
 *
 * Locally the embedded DuckDB engine loads (see `engines/duckdb/load-landing.ts`). Past one
 * machine, landing files still load on the embedded engine, next to the scheduler, writing
 * through the object store (`writePathOf` + `commit` uploads the version to `s3://`/`gs://`):
 * the cloud engines (EMR, BigQuery) only ever read published Parquet, so they need no ingestion
 * code of their own. A warehouse that prefers its own loader (a BigQuery load job) can implement
 * this interface against the same request.
 */
export interface LandingLoader {
  loadLanding(request: LandingLoadRequest): Promise<LandingLoadResult>;
}
