import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { AssetFreshness } from "../freshness/asset-freshness.ts";
import type { WaitingSummary } from "../run/waiting-for-data.ts";
import type { CheckResultRecord, MaterialisationRecord, PublishedVersion } from "../state/records.ts";
import { stalenessOf } from "../cli/staleness.ts";

/**
 * How an asset is doing, worst first:
 * - `failing`: its latest materialisation failed or was blocked, or its latest checks failed (severity error, or could not run);
 * - `waiting`: a partition waits for data (no landed data, or an upstream waiting);
 * - `never`: never materialised (nothing published);
 * - `stale`: its definition or an upstream changed since it was published (as `lakeform status`
 *   says), or its freshness policy warns or fails (as `lakeform freshness` says);
 * - `fresh`: none of these.
 */
export type AssetHealth = "failing" | "waiting" | "never" | "stale" | "fresh";

/** Every health, worst first (the legend's order). */
export const HEALTHS: readonly AssetHealth[] = Object.freeze(["failing", "waiting", "never", "stale", "fresh"]);

/** What an asset's health is decided from: the records `lakeform status` and `lakeform freshness` read. */
export interface HealthInput {
  readonly latest: MaterialisationRecord | undefined;
  /** The check results of the newest materialisation that has results. */
  readonly checks: readonly CheckResultRecord[];
  readonly waiting: WaitingSummary | undefined;
  readonly freshness: AssetFreshness;
}

/** An asset's health with the sentence that explains it. */
export interface HealthVerdict {
  readonly health: AssetHealth;
  readonly reason: string;
}

/**
 * The health of `key`, from the same rules as `lakeform status` (staleness: {@link stalenessOf})
 * and `lakeform freshness` ({@link AssetFreshness}). Pure.
 */
export function assetHealth(graph: AssetGraph, key: string, published: ReadonlyMap<string, readonly PublishedVersion[]>, input: HealthInput): HealthVerdict {
  const { latest, checks, waiting, freshness } = input;
  if (latest !== undefined && (latest.status === "failed" || latest.status === "blocked")) {
    return { health: "failing", reason: `${latest.status}${latest.partition === "" ? "" : ` ${latest.partition}`}: ${(latest.reason ?? "").split("\n")[0]}` };
  }
  const failed = checks.filter((c) => c.status === "fail" || c.status === "error");
  if (failed.length > 0) return { health: "failing", reason: `check${failed.length === 1 ? "" : "s"} failed: ${failed.map((c) => c.check).join(", ")}` };
  if (waiting !== undefined) return { health: "waiting", reason: waiting.reason };
  const stale = stalenessOf(graph, key, published);
  if (stale === "never materialised") return { health: "never", reason: stale };
  if (stale !== undefined) return { health: "stale", reason: stale };
  const { state, reason } = freshness.overall;
  if (state === "FAIL" || state === "WARN") return { health: "stale", reason: `freshness ${state}: ${reason}` };
  return { health: "fresh", reason: state === "PASS" ? reason : "published, and up to date with its upstreams" };
}
