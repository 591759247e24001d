import { hostname } from "node:os";
import type { RunRecord } from "./records.ts";

/** How often a running run records a heartbeat. */
export const HEARTBEAT_MS = 10_000;
/** A run whose last heartbeat is older than this is dead. */
export const LEASE_MS = 6 * HEARTBEAT_MS;

/** Whether a process with this id exists on this host (one we may not signal counts). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether a running run's process is still alive: its heartbeat is younger than the lease,
 * and, when it ran on this host, its process still exists (so a run killed with -9 is known
 * dead at once, and a reused process id is caught by the lease).
 */
export function isRunAlive(run: RunRecord, now: Date, leaseMs = LEASE_MS): boolean {
  const fresh = now.getTime() - run.heartbeatAt.getTime() < leaseMs;
  return fresh && (run.host !== hostname() || isProcessRunning(run.pid));
}
