import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import type { LandingFile } from "./landing-file.ts";
import type { StateStore } from "../../state/state-store.ts";
import type { LoadedFile } from "../../state/records.ts";
import type { ListedFile } from "./landing-listing.ts";

const hashes = new Map<string, string>();

/** SHA-256 of a file, remembered per path, size and modification time for this process. */
async function sha256Of(path: string, size: number, mtimeMs: number): Promise<string> {
  const id = `${path}\u0000${size}\u0000${mtimeMs}`;
  const known = hashes.get(id);
  if (known !== undefined) return known;
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const digest = hash.digest("hex");
  hashes.set(id, digest);
  return digest;
}

/**
 * The landing files of a source, with their ledger identity, from the files of a landing listing
 * that its pattern matched. A file seen before (same path and content) keeps the batch id and
 * load time it was first given, so reruns land identical rows. A new file's load time is when it
 * landed (its modification time); its batch id is derived from its content. New files are
 * recorded in the ledger.
 */
export async function landingFilesOf(source: string, landingDir: string, matching: readonly ListedFile[], state: StateStore): Promise<LandingFile[]> {
  const seen = await Promise.all(matching.map(async (f) => ({ path: f.path, bytes: f.size, mtimeMs: f.mtimeMs, sha256: await sha256Of(join(landingDir, f.path), f.size, f.mtimeMs) })));
  const known = new Map((await state.loadedFiles(source, seen)).map((f) => [`${f.path}\u0000${f.sha256}`, f]));
  const fresh: LoadedFile[] = [];
  const files = seen.map(({ path, sha256, bytes, mtimeMs }): LandingFile => {
    let entry = known.get(`${path}\u0000${sha256}`);
    if (entry === undefined) {
      entry = { source, path, sha256, bytes, batchId: createHash("sha256").update(`${source}\u0000${path}\u0000${sha256}`).digest("hex").slice(0, 16), loadedAt: new Date(Math.floor(mtimeMs)) };
      fresh.push(entry);
    }
    return { path: join(landingDir, path), relativePath: path, batchId: entry.batchId, loadedAt: entry.loadedAt };
  });
  if (fresh.length > 0) await state.recordLoadedFiles(fresh);
  return files;
}
