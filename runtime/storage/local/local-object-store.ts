import { mkdir, open, readdir, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { sha256OfHandle } from "../file-sha256.ts";
import { foldersToSync, syncFolder } from "./durable-folders.ts";
import { localFiles, type FilesLocation } from "../data-location.ts";
import { compareKeys, pageOf } from "../key-order.ts";
import type { ListPage, ObjectStore } from "../object-store.ts";
import { OWNER_ONLY_DIR, OWNER_ONLY_FILE } from "../../workspace/owner-only.ts";

/** How many written, uncommitted keys keep the flush of their new folders for `commit`. */
const PENDING_KEPT = 1000;

/** Flushes `folders` together; a failure surfaces when awaited (by `commit`), never unhandled. */
function flushAll(folders: readonly string[]): Promise<void> {
  const flushed = Promise.all(folders.map(syncFolder)).then(() => undefined);
  flushed.catch(() => undefined);
  return flushed;
}

/** The object store on the local filesystem: keys are paths below `root`. */
export class LocalObjectStore implements ObjectStore {
  readonly kind = "local";

  constructor(readonly root: string) {}

  /** A `file://` location of the file `key` (see {@link pathOf} for the path). */
  locationOf(key: string): FilesLocation {
    return localFiles(this.pathOf(key));
  }

  /** The path of `key` below `root`. */
  pathOf(key: string): string {
    return join(this.root, ...key.split("/"));
  }

  /** For each written key not committed yet: the flush of the folders holding the new folders made for it. */
  readonly #folders = new Map<string, Promise<void>>();

  /**
   * Makes the folders of `key`'s file, and starts flushing the folders that gained them (see
   * `foldersToSync`), so that their entries reach the disk while the file is being written;
   * `commit` waits for that flush.
   */
  async writePathOf(key: string): Promise<string> {
    const path = this.pathOf(key);
    const created = await mkdir(dirname(path), { recursive: true, mode: OWNER_ONLY_DIR });
    // Asked again for the same key, the folders made the first time are being flushed already.
    if (created !== undefined || !this.#folders.has(key)) this.#folders.set(key, flushAll(foldersToSync(this.root, path, created).slice(1)));
    // Keys written but never committed (a failed job) are forgotten oldest first; committing one then flushes its folder's parent itself.
    for (const stale of this.#folders.keys()) {
      if (this.#folders.size <= PENDING_KEPT) break;
      this.#folders.delete(stale);
    }
    return path;
  }

  /**
   * Flushes the file to disk, so a published version survives a crash of the machine, and hashes
   * it meanwhile (it is still in the page cache); then flushes its folder, which holds its name,
   * and waits for the flush of the folders above that `writePathOf` started (all of them:
   * `foldersToSync`). The file becomes owner-only (0600). Resolves once all of it is on disk.
   */
  async commit(key: string): Promise<{ bytes: number; sha256: string }> {
    const path = this.pathOf(key);
    const above = this.#folders.get(key) ?? flushAll(foldersToSync(this.root, path, undefined).slice(1));
    this.#folders.delete(key);
    const handle = await open(path, "r+");
    try {
      // Engines create files with the umask's permissions: data files are the owner's only.
      const [{ size }] = await Promise.all([handle.stat(), handle.chmod(OWNER_ONLY_FILE)]);
      const durable = async () => {
        await handle.sync();
        await Promise.all([syncFolder(dirname(path)), above]);
      };
      const [sha256] = await Promise.all([sha256OfHandle(handle, size), durable()]);
      return { bytes: size, sha256 };
    } finally {
      await handle.close();
    }
  }

  async sizeOf(key: string): Promise<number | undefined> {
    const found = await stat(this.pathOf(key)).catch(() => undefined);
    return found?.isFile() === true ? found.size : undefined;
  }

  async digestOf(key: string): Promise<{ bytes: number; sha256: string } | undefined> {
    const handle = await open(this.pathOf(key), "r").catch(() => undefined);
    if (handle === undefined) return undefined;
    try {
      const found = await handle.stat();
      if (!found.isFile()) return undefined;
      return { bytes: found.size, sha256: await sha256OfHandle(handle, found.size) };
    } finally {
      await handle.close();
    }
  }

  async modifiedAt(key: string): Promise<Date | undefined> {
    const found = await stat(this.pathOf(key)).catch(() => undefined);
    return found?.isFile() === true ? found.mtime : undefined;
  }

  async list(prefix: string, page?: ListPage): Promise<string[]> {
    const base = this.pathOf(prefix);
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else found.push(relative(this.root, path).split(sep).join("/"));
      }
    };
    if ((await stat(base).catch(() => undefined))?.isFile()) return pageOf([prefix], page);
    await walk(base);
    return pageOf(found.sort(compareKeys), page);
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.pathOf(key), { force: true })));
    // A version's folder (and a partition's) goes with its last file, as prefixes do in S3.
    const folders = new Set(keys.flatMap((key) => {
      const segments = key.split("/").slice(0, -1);
      return segments.map((_, i) => segments.slice(0, segments.length - i).join("/"));
    }));
    for (const folder of [...folders].sort((a, b) => b.split("/").length - a.split("/").length)) {
      if (folder.split("/").length < 2) continue; // never a tier folder itself
      try {
        await rmdir(this.pathOf(folder));
      } catch {
        // not empty, or already gone
      }
    }
  }
}
