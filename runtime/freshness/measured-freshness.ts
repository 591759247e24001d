import type { AssetNode } from "../core/graph/asset-node.ts";
import type { StateStore } from "../state/state-store.ts";
import { assetFreshness, type AssetFreshness } from "./asset-freshness.ts";
import type { FreshnessResult } from "./freshness-state.ts";
import { newestRecord } from "./newest-record.ts";
import { evaluateSourceFreshness } from "./source-freshness.ts";

/** An asset's freshness as `lakeform freshness` and the scheduler judge it, with the newest record of a source measured by one. */
export interface MeasuredFreshness extends AssetFreshness {
  /** Sources with a `loadedAtField`: the newest value of it that is published. */
  readonly newestRecord: Date | undefined;
}

/**
 * Freshness of one asset, read from the state store: a source with a `loadedAtField` is judged
 * on its newest record (dbt's source freshness, `evaluateSourceFreshness`); every other asset on
 * its publishes (`assetFreshness`).
 */
export async function measuredFreshness(state: StateStore, node: AssetNode, now: Date): Promise<MeasuredFreshness> {
  const base = assetFreshness(node, await state.publishedVersions(node.key), now);
  const field = node.compute.kind === "ingest" ? node.compute.loadedAtField : undefined;
  if (field === undefined) return { ...base, newestRecord: undefined };
  const newest = await newestRecord(state, node);
  const overall: FreshnessResult = evaluateSourceFreshness(node.freshness, field, newest, now);
  return { ...base, overall, newestRecord: newest };
}

/** Whether an asset's freshness is measured by its records rather than its publishes. */
export function isMeasuredByRecords(node: AssetNode): boolean {
  return node.compute.kind === "ingest" && node.compute.loadedAtField !== undefined;
}
