import { LakeformError } from "../core/errors.ts";
import type { AssetNode } from "../core/graph/asset-node.ts";
import type { TimeWindow } from "../core/partitions/time-window.ts";
import type { MaterialisationRecord } from "../state/records.ts";

/** The `timings` entry where a waiting materialisation keeps the {@link landingSignature} it saw. */
export const LANDING_SIGNATURE = "landingSignature";

const SINCE = /waiting for data since (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)/;

/**
 * Since when a partition has waited: the time recorded by its previous attempt when that one was
 * waiting too, else now — or, for a time window that closed before, the moment it closed (its
 * data was due then).
 */
export function waitingSince(previous: MaterialisationRecord | undefined, window: TimeWindow | undefined, now: Date): Date {
  const carried = previous?.status === "waiting" ? waitingSinceOf(previous.reason) : undefined;
  const since = carried ?? now;
  return window !== undefined && window.end < since ? window.end : since;
}

/** The "since" in a waiting reason (an upstream's reason names the upstream's). */
export function waitingSinceOf(reason: string | undefined): Date | undefined {
  const match = SINCE.exec(reason ?? "");
  return match?.[1] === undefined ? undefined : new Date(match[1]);
}

/** What a source found in its landing folder, when that is no data for the partition. */
export function noLandedData(pattern: string, folder: string, matching: number, window: TimeWindow | undefined, partition: string): string {
  if (matching === 0) return `no file matches "${pattern}" in ${folder}`;
  if (window !== undefined) return `none of the ${matching} file${matching === 1 ? "" : "s"} matching "${pattern}" in ${folder} landed between ${window.start.toISOString()} and ${window.end.toISOString()}`;
  return `the ${matching} file${matching === 1 ? "" : "s"} matching "${pattern}" in ${folder} hold no rows for partition ${partition}`;
}

/** `waiting for data since <ISO>: <what was looked at>`. */
export function waitingReason(since: Date, detail: string): string {
  return `waiting for data since ${since.toISOString()}: ${detail}`;
}

/** `waiting for upstream "raw/orders" 2024-01-05: <its reason>`. */
export function upstreamWaitingReason(upstream: string, partition: string, reason: string | undefined): string {
  return `waiting for upstream "${upstream}"${partition === "" ? "" : ` ${partition}`}: ${(reason ?? "").split("\n")[0]}`;
}

/** Thrown while preparing a run's inputs when what it reads is waiting for data: the step waits too. */
export class WaitingForUpstream extends LakeformError {
  override name = "WaitingForUpstream";
}

/** Whether an error says the step waits (its upstream is waiting for data) rather than failed. */
export function isWaitingError(error: unknown): error is WaitingForUpstream {
  return error instanceof WaitingForUpstream;
}

/** An asset's waiting partitions, for `status`, `why` and `freshness`. */
export interface WaitingSummary {
  /** The earliest time any of its waiting partitions has waited since. */
  readonly since: Date;
  readonly partitions: readonly string[];
  /** The reason of the partition that waited longest. */
  readonly reason: string;
  /** For a file-drop source: the landing folder and the glob looked at. */
  readonly folder: string | undefined;
  readonly pattern: string | undefined;
}

/** Summarises the `waiting` materialisations of `node` (the newest of each partition), or undefined when none. */
export function waitingSummary(node: AssetNode, waiting: readonly MaterialisationRecord[], landingDir: string): WaitingSummary | undefined {
  const mine = waiting.filter((m) => m.asset === node.key && m.status === "waiting");
  if (mine.length === 0) return undefined;
  const sinceOf = (m: MaterialisationRecord) => waitingSinceOf(m.reason) ?? m.startedAt;
  const oldest = mine.reduce((a, b) => (sinceOf(b) < sinceOf(a) ? b : a));
  const source = node.compute.kind === "ingest" ? node.compute.from : undefined;
  return {
    since: sinceOf(oldest),
    partitions: mine.map((m) => m.partition).sort(),
    reason: (oldest.reason ?? "").split("\n")[0] ?? "",
    folder: source === undefined ? undefined : landingDir,
    pattern: source?.kind === "fileDrop" ? source.pattern : undefined,
  };
}

/** `waiting for data since <ISO> (3 partitions: 2024-01-01 … 2024-01-03): <reason after its since>`. */
export function describeWaiting(summary: WaitingSummary): string {
  const p = summary.partitions;
  const which = p.length === 1 && p[0] === "" ? "" : ` (${p.length} partition${p.length === 1 ? "" : "s"}: ${p.length <= 2 ? p.join(", ") : `${p[0]} … ${p[p.length - 1]}`})`;
  const detail = summary.reason.replace(/waiting for data since \S+: /, "");
  return `waiting for data since ${summary.since.toISOString()}${which}: ${detail}`;
}

/** The JSON form of a summary. */
export function waitingJson(summary: WaitingSummary | undefined) {
  return summary === undefined ? null : { since: summary.since.toISOString(), partitions: summary.partitions, folder: summary.folder ?? null, pattern: summary.pattern ?? null, reason: summary.reason };
}
