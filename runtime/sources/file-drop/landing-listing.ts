import { createHash } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { globToRegExp } from "./glob.ts";

/** A file in the landing directory, as a directory listing sees it (nothing read). */
export interface ListedFile {
  /** Relative to the landing directory, `/`-separated. */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

async function walk(dir: string, root: string, found: ListedFile[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, root, found);
    else if (entry.isFile()) {
      const stats = await stat(path).catch(() => undefined);
      if (stats !== undefined) found.push({ path: relative(root, path).split(sep).join("/"), size: stats.size, mtimeMs: Math.floor(stats.mtimeMs) });
    }
  }
}

/** Every file under the landing directory (hidden ones left out), sorted by path; none when it does not exist. */
export async function listLanding(landingDir: string): Promise<ListedFile[]> {
  const found: ListedFile[] = [];
  await walk(landingDir, landingDir, found);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The listed files a source's glob matches. */
export function matchingFiles(listing: readonly ListedFile[], pattern: string): ListedFile[] {
  const matcher = globToRegExp(pattern);
  return listing.filter((f) => matcher.test(f.path));
}

/**
 * A number that changes when a file is added, removed, resized or touched: what a source waiting
 * for data saw, so the scheduler looks again only when its landing changed. 48 bits of SHA-256.
 */
export function landingSignature(files: readonly ListedFile[]): number {
  const hash = createHash("sha256");
  for (const f of files) hash.update(`${f.path}\u0000${f.size}\u0000${f.mtimeMs}\n`);
  return Number.parseInt(hash.digest("hex").slice(0, 12), 16);
}
