import { mkdir, open, readdir, rm, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { ObjectStore } from "./object-store.ts";

/** The object store on the local filesystem: keys are paths below `root`. */
export class LocalObjectStore implements ObjectStore {
  readonly kind = "local";

  constructor(readonly root: string) {}

  locationOf(key: string): string {
    return join(this.root, ...key.split("/"));
  }

  async writePathOf(key: string): Promise<string> {
    const path = this.locationOf(key);
    await mkdir(dirname(path), { recursive: true });
    return path;
  }

  /** Flushes the file to disk, so a published version survives a crash of the machine. */
  async commit(key: string): Promise<{ bytes: number }> {
    const handle = await open(this.locationOf(key), "r+");
    try {
      await handle.sync();
      return { bytes: (await handle.stat()).size };
    } finally {
      await handle.close();
    }
  }

  async list(prefix: string): Promise<string[]> {
    const base = this.locationOf(prefix);
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
    if ((await stat(base).catch(() => undefined))?.isFile()) return [prefix];
    await walk(base);
    return found.sort();
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.locationOf(key), { force: true })));
  }
}
