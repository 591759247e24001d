import { describe, expect, it } from "vitest";
import { LakeformError } from "../../runtime/core/errors.ts";
import { commandDiskFullError, diskFullError, isDiskFull } from "../../runtime/storage/disk-full.ts";

/** Errors as Node, DuckDB and SQLite raise them on a full disk. */
const nodeEnospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", path: "/ws/.lakeform/dev/.scratch/fn-1.jsonl" });
const duckdb = new Error('IO Error: Could not write file "/ws/.lakeform/dev/raw/events/v-1.parquet": No space left on device');
const sqlite = Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });

describe("a full disk is named as such", () => {
  it("recognises Node's, DuckDB's and SQLite's words for it, through causes, and nothing else", () => {
    expect([nodeEnospc, duckdb, sqlite, new LakeformError("wrapped", { cause: duckdb })].map(isDiskFull)).toEqual([true, true, true, true]);
    expect(isDiskFull(new Error('Conversion Error: Could not convert string "abc" to INT32'))).toBe(false);
  });

  it("names the asset, the file and the way out, with no advice about the data", () => {
    expect(diskFullError("raw/events", duckdb, "/fallback.parquet")?.message).toBe(
      'Asset "raw/events": the disk is full writing /ws/.lakeform/dev/raw/events/v-1.parquet (No space left on device); nothing was published and the previous version stays visible. ' +
        "Fix: free space on the disk that holds /ws/.lakeform/dev/raw/events (`lakeform gc` deletes old history and unpublished files), then run again.",
    );
    expect(diskFullError("clean/x", nodeEnospc, undefined)?.message).toContain("the disk is full writing /ws/.lakeform/dev/.scratch/fn-1.jsonl");
    expect(diskFullError("clean/x", new Error("boom"), undefined)).toBeUndefined();
  });

  it("turns a full disk outside any asset into a message instead of a stack", () => {
    expect(commandDiskFullError(nodeEnospc)?.message).toBe(
      "The disk is full writing /ws/.lakeform/dev/.scratch/fn-1.jsonl (ENOSPC: no space left on device, write). Fix: free space on the disk that holds /ws/.lakeform/dev/.scratch, then run again.",
    );
    expect(commandDiskFullError(new LakeformError("already clear: No space left on device"))).toBeUndefined();
  });
});
