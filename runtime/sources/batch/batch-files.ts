import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { SourceBatch } from "../../state/source-batch-ledger.ts";
import type { LandingFile } from "../file-drop/landing-file.ts";

/**
 * Where an extracting source keeps its batch files: a hidden folder of the landing directory
 * (`.lakeform/extracts/<asset key>/`), which no file-drop pattern reaches.
 */
export function extractsDir(landingDir: string, asset: string): string {
  return join(landingDir, ".lakeform", "extracts", ...asset.split("/"));
}

/** The file of one batch. */
export function batchPath(dir: string, batchId: string): string {
  return join(dir, `${batchId}.jsonl`);
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** A recorded batch as a landing file: its rows land with its batch id and extraction time, `_source_file` naming where they came from (`postgres/orders`, `http/api.example.com`). */
export function batchLandingFile(dir: string, origin: string, batch: SourceBatch): LandingFile {
  return { path: batchPath(dir, batch.batchId), relativePath: `${origin}/${batch.batchId}.jsonl`, batchId: batch.batchId, loadedAt: batch.extractedAt };
}

/** The lines of batch files, streamed: what a lookback compares late rows with. */
export async function linesOf(paths: readonly string[]): Promise<Set<string>> {
  const lines = new Set<string>();
  for (const path of paths) {
    if (!(await exists(path))) continue;
    for await (const line of createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity })) if (line !== "") lines.add(line);
  }
  return lines;
}
