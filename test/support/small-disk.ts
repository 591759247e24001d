import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A small file system (tmpfs) to fill up, as a full disk; `undefined` when mounting is not permitted. */
export interface SmallDisk {
  readonly path: string;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `megabytes` at a new temporary directory. Mounting needs root (CAP_SYS_ADMIN);
 * where it is refused this returns the reason, and tests skip — except under CI, where the
 * refusal is thrown so that the full-disk tests never pass by not running.
 */
export function mountSmallDisk(megabytes: number): SmallDisk | string {
  const path = mkdtempSync(join(tmpdir(), "lakeform-small-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", path], { stdio: "pipe" });
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    const reason = `cannot mount a ${megabytes} MB tmpfs to simulate a full disk (${(error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message}); run as root to include these tests`;
    if (process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false") throw new Error(`${reason}. Under CI they must run.`);
    return reason;
  }
  return {
    path,
    unmount() {
      execFileSync("umount", [path], { stdio: "pipe" });
      rmSync(path, { recursive: true, force: true });
    },
  };
}
