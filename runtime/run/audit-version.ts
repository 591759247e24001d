import type { AssetNode } from "../core/graph/asset-node.ts";
import type { AuditRequest, AuditResult, CheckOutcome, Engine, InputRelation } from "../engines/engine.ts";
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

/** A staged version to audit: where it is, its drift, and what its job or loader said of it. */
export interface StagedVersion {
  readonly output: DataLocation;
  readonly drift: SchemaDrift;
  readonly rows?: number;
  readonly unmatchedLandingFiles?: readonly string[];
  readonly keysGoneAtSource?: number;
}

/** The audit request of one staged version: with the row counts of earlier versions its volume checks compare against. */
async function auditRequest(services: RunServices, node: AssetNode, partition: string, staged: StagedVersion, targets: ReadonlyMap<string, InputRelation>, now: Date): Promise<AuditRequest> {
  const lookback = Math.max(0, ...node.checks.map((c) => (c.kind === "volumeAnomaly" ? c.lookback : 0)));
  const rowHistory = lookback === 0 ? [] : await services.state.publishedRowCounts(node.key, { limit: lookback, ...(partition === "" ? {} : { excludePartition: partition }) });
  return { node, partition, files: [staged.output], drift: staged.drift, unmatchedLandingFiles: staged.unmatchedLandingFiles ?? [], keysGoneAtSource: staged.keysGoneAtSource ?? 0, targets, rowHistory, now, ...(staged.rows === undefined ? {} : { rows: staged.rows }) };
}

/** Records an audit's results and profile against materialisation `id`; says what blocks the version, if anything. */
async function recorded(services: RunServices, id: number, node: AssetNode, partition: string, audit: AuditResult): Promise<VersionAudit> {
  const evaluatedAt = services.now();
  await services.state.recordCheckResults(audit.checks.map((c) => ({ ...c, materialisationId: id, asset: node.key, partition, evaluatedAt })));
  await services.state.recordProfile({ materialisationId: id, asset: node.key, partition, rows: audit.rows, columns: audit.profile, profiledAt: evaluatedAt });
  const blocking = audit.checks.filter((c) => c.blocking && (c.status === "fail" || c.status === "error"));
  const blockedBy = blocking.length === 0 ? undefined : `blocked by ${blocking.map((c) => c.check).join(", ")}: ${blocking[0]?.message ?? ""}`;
  return { rows: audit.rows, checks: audit.checks, blockedBy };
}

/**
 * Audits a staged version of one partition with the asset's checks and profile (on `engine`,
 * the one that computed it, where the data is) and records the results and the profile against materialisation `id`.
 * Shared by the inline run path and by `advance`.
 */
export async function auditVersion(services: RunServices, engine: Engine, id: number, node: AssetNode, partition: string, staged: StagedVersion, now: Date): Promise<VersionAudit> {
  const targets = await prepareCheckTargets(services.graph, services.state, services.store, node, engine);
  const audit = await engine.audit(await auditRequest(services, node, partition, staged, targets, now));
  return recorded(services, id, node, partition, audit);
}

/**
 * Audits the staged versions of several partitions of one asset (a range job's), as
 * {@link auditVersion} audits each, in one call of the engine where it audits several at once
 * (`Engine.auditMany`); records each one's results and profile. In the order given.
 */
export async function auditVersions(services: RunServices, engine: Engine, node: AssetNode, versions: readonly { readonly id: number; readonly partition: string; readonly staged: StagedVersion }[], now: Date): Promise<VersionAudit[]> {
  const targets = await prepareCheckTargets(services.graph, services.state, services.store, node, engine);
  const requests: AuditRequest[] = [];
  for (const v of versions) requests.push(await auditRequest(services, node, v.partition, v.staged, targets, now));
  let audits: AuditResult[] = [];
  if (engine.auditMany !== undefined) audits = await engine.auditMany(requests);
  else for (const request of requests) audits.push(await engine.audit(request));
  const results: VersionAudit[] = [];
  for (const [i, v] of versions.entries()) {
    const audit = audits[i];
    if (audit === undefined) throw new Error(`Asset "${node.key}": the ${engine.name} engine returned no audit for partition ${v.partition}`);
    results.push(await recorded(services, v.id, node, v.partition, audit));
  }
  return results;
}
