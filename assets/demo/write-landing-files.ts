import { utimesSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { formatLandingFile } from "./landing-file-format.ts";
import type { LandingFile } from "./landing-file.ts";

/**
 * Writes `files` under `dir` and sets each file's modification time to the instant it
 * landed: ingestion takes a file's landing time (and so its raw partition) from its mtime.
 * Files of the same path are overwritten.
 */
export async function writeLandingFiles(dir: string, files: readonly LandingFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, ...file.path.split("/"));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, formatLandingFile(file), "utf8");
    utimesSync(path, file.landedAt, file.landedAt);
  }
}
