import type { AssetNode } from "../core/graph/asset-node.ts";
import type { CheckOutcome, Engine } from "../engines/engine.ts";
import type { SchemaDrift } from "../core/schema-drift.ts";
import type { DataLocation } from "../storage/data-location.ts";
import type { RunServices } from "./run-services.ts";
import { prepareCheckTargets } from "./prepare-inputs.ts";

/** What auditing a staged version found: its checks, and why it is blocked (undefined when it may be published). */
export interface VersionAudit {
  readonly rows: number;
  readonly checks: readonly CheckOutcome[];
  readonly blockedBy: string | undefined;
}

/**
 * Audits a staged version of one partition with the asset's checks and profile (on `engine`,
 * the one that computed it, where the data is) and records the results and the profile against materialisation `id`.
 * Shared by the inline run path and by `advance`.
 */
export async function auditVersion(
  services: RunServices,
  engine: Engine,
  id: number,
  node: AssetNode,
  partition: string,
  staged: { readonly output: DataLocation; readonly drift: SchemaDrift; readonly unmatchedLandingFiles?: readonly string[]; readonly keysGoneAtSource?: number },
  now: Date,
): Promise<VersionAudit> {
  const { state, store } = services;
  const lookback = Math.max(0, ...node.checks.map((c) => (c.kind === "volumeAnomaly" ? c.lookback : 0)));
  const rowHistory = lookback === 0 ? [] : await state.publishedRowCounts(node.key, { limit: lookback, ...(partition === "" ? {} : { excludePartition: partition }) });
  const targets = await prepareCheckTargets(services.graph, state, store, node, engine);
  const audit = await engine.audit({ node, partition, files: [staged.output], drift: staged.drift, unmatchedLandingFiles: staged.unmatchedLandingFiles ?? [], keysGoneAtSource: staged.keysGoneAtSource ?? 0, targets, rowHistory, now });
  const evaluatedAt = services.now();
  await state.recordCheckResults(audit.checks.map((c) => ({ ...c, materialisationId: id, asset: node.key, partition, evaluatedAt })));
  await state.recordProfile({ materialisationId: id, asset: node.key, partition, rows: audit.rows, columns: audit.profile, profiledAt: evaluatedAt });
  const blocking = audit.checks.filter((c) => c.blocking && (c.status === "fail" || c.status === "error"));
  const blockedBy = blocking.length === 0 ? undefined : `blocked by ${blocking.map((c) => c.check).join(", ")}: ${blocking[0]?.message ?? ""}`;
  return { rows: audit.rows, checks: audit.checks, blockedBy };
}
