import { localFiles, type DataLocation } from "../storage/data-location.ts";
import { dataFileKey, versionFolderKey } from "../core/layout/data-keys.ts";
import type { AssetNode } from "../core/graph/asset-node.ts";
import type { Engine } from "../engines/engine.ts";
import type { FileDigest } from "../state/records.ts";
import type { ObjectStore } from "../storage/object-store.ts";

/** Where a new version is written, and how its files are found once written. */
export interface Staging {
  /** The location the engine (or the source's loader) writes. */
  readonly output: DataLocation;
  /** The version's single file (engines in this process), or its folder (engines writing the store themselves); `""` for a warehouse table. */
  readonly key: string;
  /** `warehouse`: a table of the engine's warehouse (BigQuery), no file in the store. */
  readonly writtenBy: "runtime" | "engine" | "warehouse";
}

/**
 * Prepares a new version of one partition (see `Engine.writes`): engines that write a local file
 * (DuckDB) write one where the store says (`writePathOf`: the final path locally, a scratch file
 * uploaded by `commit` on S3); engines that write the store themselves (EMR) write the version's
 * folder; engines that write their warehouse (BigQuery) a staging table they name
 * (`Engine.stagingLocation`).
 */
export async function stageVersion(store: ObjectStore, engine: Pick<Engine, "writes" | "name" | "stagingLocation">, node: AssetNode, partition: string, version: string): Promise<Staging> {
  if (engine.writes === "warehouse-table") {
    if (engine.stagingLocation === undefined) throw new Error(`Asset "${node.key}": the ${engine.name} engine writes its warehouse but names no staging location. Fix: this is a bug in Lakeform; please report it.`);
    return { output: engine.stagingLocation(node, partition, version), key: "", writtenBy: "warehouse" };
  }
  if ((engine.writes ?? "local-file") === "local-file") {
    const key = dataFileKey(node, partition, version);
    return { output: localFiles(await store.writePathOf(key)), key, writtenBy: "runtime" };
  }
  const key = versionFolderKey(node, partition, version);
  const output = store.locationOf(key);
  if (output.kind !== "files" || output.uri.startsWith("file:")) {
    throw new Error(`Asset "${node.key}" runs on ${engine.name}, which writes to the object store itself, but the store here is local. Fix: set LAKEFORM_S3_BUCKET (the Pulumi program sets it on the runtime's task), or run it on DuckDB.`);
  }
  return { output, key, writtenBy: "engine" };
}

/** The staged version's files as the store holds them: their keys, total size and digests (none for files an engine wrote itself). */
export async function stagedFiles(store: ObjectStore, staging: Pick<Staging, "key" | "writtenBy">): Promise<{ files: string[]; bytes: number; digests: FileDigest[] }> {
  // A staging table: nothing in the store (its publisher finds it again by the version).
  if (staging.writtenBy === "warehouse") return { files: [], bytes: 0, digests: [] };
  if (staging.writtenBy === "runtime") {
    const { bytes, sha256 } = await store.commit(staging.key);
    return { files: [staging.key], bytes, digests: [{ key: staging.key, bytes, sha256 }] };
  }
  // Spark writes part files beside `_SUCCESS` and checksums; only data files belong to the version.
  const files = (await store.list(staging.key.replace(/\/$/, ""))).filter((key) => key.endsWith(".parquet"));
  let bytes = 0;
  for (const key of files) bytes += (await store.sizeOf(key)) ?? 0;
  return { files, bytes, digests: [] };
}

/** Where `stageVersion` staged a version, found again from the materialisation (a later tick advancing its job). */
export function stagingOf(engine: Pick<Engine, "writes">, node: AssetNode, partition: string, version: string): Pick<Staging, "key" | "writtenBy"> {
  switch (engine.writes ?? "local-file") {
    case "warehouse-table":
      return { key: "", writtenBy: "warehouse" };
    case "store-folder":
      return { key: versionFolderKey(node, partition, version), writtenBy: "engine" };
    case "local-file":
      return { key: dataFileKey(node, partition, version), writtenBy: "runtime" };
  }
}
