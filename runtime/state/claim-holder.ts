import { hostname } from "node:os";
import { isProcessRunning, isRunAlive, LEASE_MS } from "./process-liveness.ts";
import type { RunRecord } from "./records.ts";

/** The tick that holds a launch claim, as the state store knows it. */
export interface ClaimHolder {
  readonly tickId: string;
  readonly host: string;
  readonly pid: number;
  /** When it claimed (its own clock): its lease runs from here until its run starts. */
  readonly claimedAt: Date;
  /** Whether it started a run for its claims. */
  readonly started: boolean;
  /** That run, while the state store still has it. */
  readonly run: RunRecord | undefined;
  /** Whether the tick recorded that it is done with its claims. */
  readonly finished: boolean;
}

/**
 * Whether a claim's holder is still at work on it: it has not finished, and it is alive — before
 * its run starts, its process on this host (a lease from its claim elsewhere, as runs have); once
 * its run started, that run is still running and alive. While a holder is in flight, no other
 * tick launches the same (asset, partition), whatever its trigger or slot.
 */
export function isClaimInFlight(holder: ClaimHolder, now: Date, leaseMs = LEASE_MS): boolean {
  if (holder.finished) return false;
  if (holder.started) return holder.run !== undefined && holder.run.status === "running" && isRunAlive(holder.run, now, leaseMs);
  const fresh = now.getTime() - holder.claimedAt.getTime() < leaseMs;
  return holder.host === hostname() ? isProcessRunning(holder.pid) : fresh;
}

/**
 * Whether a claim was stranded: its holder is no longer at work (killed, or it failed before
 * running) and its run never started. Such a claim is released to the next tick that decides
 * the same launch; a claim whose run started never is (a run that kills its process is retried
 * by the retry policy, within its limit, not relaunched for ever).
 */
export function isClaimStranded(holder: ClaimHolder, now: Date, leaseMs = LEASE_MS): boolean {
  return !holder.started && !isClaimInFlight(holder, now, leaseMs);
}
