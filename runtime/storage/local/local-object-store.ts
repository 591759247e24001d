import { mkdir, open, readdir, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { sha256OfHandle } from "../file-sha256.ts";
import { localFiles, type FilesLocation } from "../data-location.ts";
import { compareKeys, pageOf } from "../key-order.ts";
import type { ListPage, ObjectStore } from "../object-store.ts";
import { OWNER_ONLY_DIR, OWNER_ONLY_FILE } from "../../workspace/owner-only.ts";

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

  async writePathOf(key: string): Promise<string> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: OWNER_ONLY_DIR });
    return path;
  }

  /**
   * Flushes the file to disk, so a published version survives a crash of the machine, and hashes
   * it meanwhile (it is still in the page cache). The file becomes owner-only (0600).
   */
  async commit(key: string): Promise<{ bytes: number; sha256: string }> {
    const handle = await open(this.pathOf(key), "r+");
    try {
      // Engines create files with the umask's permissions: data files are the owner's only.
      await handle.chmod(OWNER_ONLY_FILE);
      const { size } = await handle.stat();
      const [sha256] = await Promise.all([sha256OfHandle(handle, size), handle.sync()]);
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
