import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildAssetGraph, col, fileDrop, source, type FileDropOptions } from "lakeform";
import { lookAtSource } from "../../runtime/sources/look-at-source.ts";
import { SqliteStateStore } from "../../runtime/state/sqlite/sqlite-state-store.ts";
import type { StateStore } from "../../runtime/state/state-store.ts";
import { problemsOf } from "../support/problems.ts";

const columns = { id: col.string(), amount: col.int64() };
let landing: string;
let state: StateStore;
beforeEach(async () => {
  landing = mkdtempSync(join(tmpdir(), "lakeform-partial-"));
  state = await SqliteStateStore.open(":memory:");
});
afterEach(async () => {
  await state.close();
  rmSync(landing, { recursive: true, force: true });
});

function land(path: string, modifiedAt: string, text = "id,amount\na,1\n"): void {
  const file = join(landing, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, new Date(modifiedAt), new Date(modifiedAt));
}

async function picked(options: Partial<FileDropOptions>, now: string): Promise<string[]> {
  const definition = source("raw/orders", { owners: ["team:shop"], from: fileDrop({ format: "csv", pattern: "orders/*", ...options }), columns });
  const node = buildAssetGraph([definition]).get(definition.key);
  if (node.compute.kind !== "ingest") throw new Error("a source");
  const look = await lookAtSource({ node, from: node.compute.from, window: undefined, landingDir: landing, ledger: state, piiKey: undefined, now: () => new Date(now) });
  return look.files.map((f) => f.relativePath);
}

describe("a file drop never picks up a partial upload", () => {
  it("waits until a file has been quiet for quietFor", async () => {
    land("orders/a.csv", "2024-05-01T10:00:00Z");
    land("orders/b.csv", "2024-05-01T10:04:30Z");
    expect(await picked({ quietFor: "1m" }, "2024-05-01T10:05:00Z")).toEqual(["orders/a.csv"]);
    expect(await picked({ quietFor: "1m" }, "2024-05-01T10:05:30Z")).toEqual(["orders/a.csv", "orders/b.csv"]);
    // Without the option, whatever is listed is picked up.
    expect(await picked({}, "2024-05-01T10:05:00Z")).toEqual(["orders/a.csv", "orders/b.csv"]);
  });

  it("waits for a file's done marker, and never loads the marker", async () => {
    land("orders/a.csv", "2024-05-01T10:00:00Z");
    land("orders/b.csv", "2024-05-01T10:00:00Z");
    land("orders/a.csv.done", "2024-05-01T10:01:00Z", "");
    expect(await picked({ doneMarker: ".done" }, "2024-05-01T10:05:00Z")).toEqual(["orders/a.csv"]);
    land("orders/b.csv.done", "2024-05-01T10:06:00Z", "");
    expect(await picked({ doneMarker: ".done" }, "2024-05-01T10:07:00Z")).toEqual(["orders/a.csv", "orders/b.csv"]);
  });

  it("says what is wrong with the options", () => {
    const from = (options: Partial<FileDropOptions>) => source("raw/orders", { owners: ["team:shop"], from: fileDrop({ format: "csv", pattern: "orders/*.csv", ...options }), columns });
    expect(problemsOf([from({ quietFor: "a while" as "1m" })])).toEqual(['Asset "raw/orders": quietFor "a while" is not a duration. Fix: write it like "2m" or "30s".']);
    expect(problemsOf([from({ doneMarker: "done/" })])).toEqual(['Asset "raw/orders": doneMarker "done/" is not a file-name suffix. Fix: write it like ".done" (then orders/a.csv.done marks orders/a.csv complete).']);
  });
});
