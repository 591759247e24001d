import type { LandingFile } from "../engine/engine.ts";
import type { AssetNode } from "../graph/asset-node.ts";
import { landingFilesOf } from "../ingest/landing-files.ts";
import { windowOf, type TimeWindow } from "../partitions/time-window.ts";
import { dataFileKey } from "../storage/data-keys.ts";
import type { StepResult } from "./run-report.ts";
import type { RunServices } from "./run-services.ts";
import { prepareCheckTargets, prepareInputs } from "./prepare-inputs.ts";
import { newVersionId } from "./version-id.ts";

/** A staged version whose blocking checks passed, waiting to be published with its siblings. */
export interface PublishItem {
  readonly id: number;
  readonly rows: number;
  readonly bytes: number;
  readonly files: readonly string[];
  readonly timings: Readonly<Record<string, number>>;
}

async function landingFor(services: RunServices, node: AssetNode, window: TimeWindow | undefined): Promise<{ files: LandingFile[]; piiKey: Buffer | undefined } | undefined> {
  if (node.compute.kind !== "ingest") return undefined;
  let files = await landingFilesOf(node.key, node.compute.from.pattern, services.landingDir, services.state);
  // Without a partition column, a source's rows belong to the window they landed in.
  if (window !== undefined && node.partitions?.kind === "time" && node.partitions.column === undefined) {
    files = files.filter((f) => f.loadedAt >= window.start && f.loadedAt < window.end);
  }
  return { files, piiKey: services.piiKey };
}

/**
 * Write-audit-publish for one partition of one asset: compute into a new version's file
 * (invisible until published), audit it with the fused checks, record results and profile.
 * Returns the version to publish, or the reason it is blocked or failed; the previously
 * published version stays visible in both cases.
 */
export async function materializePartition(services: RunServices, runId: string, node: AssetNode, partition: string): Promise<{ result: StepResult; publish?: PublishItem }> {
  const { engine, state, store } = services;
  const startedAt = services.now();
  const clock = performance.now();
  const timings: Record<string, number> = {};
  const lap = (phase: string, since: number) => (timings[phase] = Math.round((performance.now() - since) * 10) / 10);
  const record = await state.startMaterialisation({ runId, asset: node.key, partition, version: newVersionId(startedAt), fingerprint: node.fingerprint, startedAt });
  const fileKey = dataFileKey(node, partition, record.version);
  const base = { key: node.key, partition };
  try {
    let phase = performance.now();
    const window = node.partitions?.kind === "time" ? windowOf(node.partitions, partition) : undefined;
    const inputs = await prepareInputs(services.graph, state, store, node, partition);
    const landing = await landingFor(services, node, window);
    const outputPath = await store.writePathOf(fileKey);
    const materialized = await engine.materialize({ node, partition, window, inputs, outputPath, ...(landing === undefined ? {} : { landing }) });
    // Flushing the file to disk overlaps the audit; it completes before anything is recorded.
    const committed = store.commit(fileKey);
    committed.catch(() => undefined);
    lap("compute", phase);

    phase = performance.now();
    const lookback = Math.max(0, ...node.checks.map((c) => (c.kind === "volumeAnomaly" ? c.lookback : 0)));
    const rowHistory = lookback === 0 ? [] : await state.publishedRowCounts(node.key, { limit: lookback, ...(partition === "" ? {} : { excludePartition: partition }) });
    const targets = await prepareCheckTargets(services.graph, state, store, node);
    const audit = await engine.audit({ node, partition, files: [store.locationOf(fileKey)], drift: materialized.drift, targets, rowHistory, now: startedAt });
    const { bytes } = await committed;
    const evaluatedAt = services.now();
    await state.recordCheckResults(audit.checks.map((c) => ({ ...c, materialisationId: record.id, asset: node.key, partition, evaluatedAt })));
    await state.recordProfile({ materialisationId: record.id, asset: node.key, partition, rows: audit.rows, columns: audit.profile, profiledAt: evaluatedAt });
    lap("checks", phase);

    const blocking = audit.checks.filter((c) => c.blocking && (c.status === "fail" || c.status === "error"));
    if (blocking.length > 0) {
      const reason = `blocked by ${blocking.map((c) => c.check).join(", ")}: ${blocking[0]?.message ?? ""}`;
      lap("total", clock);
      await state.finishMaterialisation(record.id, { status: "blocked", finishedAt: services.now(), rows: materialized.rows, bytes, files: [fileKey], reason, timings });
      return { result: { ...base, status: "blocked", rows: materialized.rows, checks: audit.checks, reason, durationMs: timings.total ?? 0 } };
    }
    lap("total", clock);
    return {
      result: { ...base, status: "published", rows: materialized.rows, checks: audit.checks, reason: undefined, durationMs: timings.total ?? 0 },
      publish: { id: record.id, rows: materialized.rows, bytes, files: [fileKey], timings },
    };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
    const debug = process.env.LAKEFORM_DEBUG === "1" && cause?.stack !== undefined ? `\n${cause.stack}` : "";
    const reason = `${error instanceof Error ? error.message : String(error)}${debug}`;
    lap("total", clock);
    await state.finishMaterialisation(record.id, { status: "failed", finishedAt: services.now(), reason, timings });
    return { result: { ...base, status: "failed", rows: undefined, checks: [], reason, durationMs: timings.total ?? 0 } };
  }
}
