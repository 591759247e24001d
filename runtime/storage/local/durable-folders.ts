import { open } from "node:fs/promises";
import { dirname, isAbsolute, relative, sep } from "node:path";

/**
 * The folders to flush so that a new file at `path` keeps its name after a crash of the machine:
 * its own folder (which holds its entry) and the parent of every folder created for it (from
 * `firstCreated`, the topmost one, as `mkdir(…, { recursive: true })` returns it). Unknown what
 * was created (`undefined`), its folder's parent too: a version's folder is new with the version.
 * Never above `root`. The first is the file's own folder (flushed once the file is); the others
 * hold new folders only (flushed as soon as those are made).
 */
export function foldersToSync(root: string, path: string, firstCreated: string | undefined): string[] {
  const folder = dirname(path);
  const top = firstCreated === undefined ? folder : firstCreated;
  const folders: string[] = [folder];
  for (let at = folder; at !== top; ) {
    at = dirname(at);
    if (!within(root, at) || folders.includes(at)) break;
    folders.push(at);
  }
  const above = dirname(top);
  if (within(root, above) && !folders.includes(above)) folders.push(above);
  return folders;
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** Platforms where a folder cannot be opened or flushed (Windows): their filesystems make entries durable otherwise. */
const UNSUPPORTED = new Set(["EISDIR", "EPERM", "EINVAL", "ENOTSUP"]);

/** Flushes a folder's entries to disk (`fsync` of the folder), so the files created in it survive a crash. */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, "r");
  } catch (error) {
    if (UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? "")) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    await handle.close();
  }
}
