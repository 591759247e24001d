import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";

/** Bytes read per call while hashing: large enough that a version file takes a few reads. */
const CHUNK_BYTES = 1 << 20;

/**
 * The SHA-256 (lowercase hex) of the first `bytes` bytes of an open file, read in chunks at
 * explicit positions, so it can run while the same handle is being flushed (`sync`). A file that
 * ends early is an error: it changed while it was read.
 */
export async function sha256OfHandle(handle: FileHandle, bytes: number): Promise<string> {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(bytes, 1)));
  for (let position = 0; position < bytes; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, bytes - position), position);
    if (bytesRead === 0) throw new Error(`the file ended at byte ${position} of ${bytes} while it was read`);
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest("hex");
}
