import type { Engine, EngineRequest, PartitionOutput } from "../engines/engine.ts";
import type { AssetNode } from "../core/graph/asset-node.ts";
import type { FileDigest } from "../state/records.ts";
import { windowOf, type TimeWindow } from "../core/partitions/time-window.ts";
import { describeLocation } from "../storage/data-location.ts";
import { diskFullError } from "../storage/disk-full.ts";
import { lookAtSource } from "../sources/look-at-source.ts";
import type { StepResult } from "./run-report.ts";
import type { RunServices } from "./run-services.ts";
import { prepareCheckTargets, prepareInputs } from "./prepare-inputs.ts";
import { engineFor } from "./engine-for.ts";
import { stagedFiles, stageVersion, type Staging } from "./staging.ts";
import { earlyStaging } from "./early-staging.ts";
import { auditVersion } from "./audit-version.ts";
import { newVersionId } from "./version-id.ts";
import { isWaitingError, LANDING_SIGNATURE, noLandedData, waitingReason, waitingSince } from "./waiting-for-data.ts";

/** A staged version whose blocking checks passed, waiting to be published with its siblings. */
export interface PublishItem {
  readonly id: number;
  readonly asset: string;
  readonly partition: string;
  readonly version: string;
  readonly rows: number;
  readonly bytes: number;
  readonly files: readonly string[];
  /** Size and SHA-256 of each file, so readers can detect one changed after publishing. */
  readonly digests: readonly FileDigest[];
  readonly timings: Readonly<Record<string, number>>;
}

/** The computation of one partition, submitted and recorded (`submitted`, with its job id); awaited unless the job is detached. */
async function computed(services: RunServices, engine: Engine, id: number, request: EngineRequest): Promise<PartitionOutput | { readonly detached: string }> {
  const { state } = services;
  const job = await engine.submit(request);
  // A tick leaves jobs of engines that run elsewhere running: later ticks re-attach by this id.
  const detached = services.detachJobs === true && !engine.completesInline;
  await state.recordPhase(id, { phase: "submitted", jobId: job.id, ...(detached ? { detached } : {}) });
  if (detached) return { detached: job.id };
  const [written] = (await job.wait()).partitions;
  if (written === undefined) throw new Error(`Asset "${request.node.key}": job ${job.id} finished without writing its partition`);
  return written;
}

/**
 * Write-audit-publish for one partition of one asset: compute into a new version's file
 * (invisible until published), audit it with the fused checks, record results and profile.
 * Returns the version to publish, or the reason it is blocked, failed or waiting; the previously
 * published version stays visible in each case. A source without landed data for the partition
 * is *waiting for data* (unless it opts into `whenNoData: "publishEmpty"`): the engine is not
 * called when no file is there; files that hold no rows for a column-partitioned partition are
 * loaded, then not published.
 */
export async function materializePartition(services: RunServices, runId: string, node: AssetNode, partition: string): Promise<{ result: StepResult; publish?: PublishItem }> {
  const { state, store } = services;
  const engine = node.compute.kind === "ingest" ? services.engine : engineFor(services, node);
  const startedAt = services.now();
  const clock = performance.now();
  const timings: Record<string, number> = {};
  const lap = (phase: string, since: number) => (timings[phase] = Math.round((performance.now() - since) * 10) / 10);
  const version = newVersionId(startedAt);
  // An asset computed from its inputs gets its version's place (a folder) while its
  // materialisation is recorded and its inputs looked up; a source only once it has data.
  const early = earlyStaging(services, engine, node, partition, version);
  const record = await state.startMaterialisation({ runId, asset: node.key, partition, version, fingerprint: node.fingerprint, startedAt }).catch(async (error: unknown) => {
    await early?.discard();
    throw error;
  });
  let staging: Staging | undefined;
  const base = { key: node.key, partition };
  try {
    let phase = performance.now();
    const window = node.partitions?.kind === "time" ? windowOf(node.partitions, partition) : undefined;
    const inputs = await prepareInputs(services.graph, state, store, node, partition, engine).catch(async (error: unknown) => {
      await early?.discard();
      throw error;
    });
    if (node.compute.kind === "ingest") await services.refreshLanding?.();
    // A source finds its files: a file drop in its landing, an extracting source (PostgreSQL) by extracting a batch (runtime/sources/).
    const landing = node.compute.kind === "ingest" ? await lookAtSource({ node, from: node.compute.from, window, landingDir: services.landingDir, ledger: services.state, piiKey: services.piiKey, now: services.now, environment: services.environment ?? {} }) : undefined;
    const waitsForData = landing !== undefined && node.compute.kind === "ingest" && node.compute.from.kind === "fileDrop" && node.compute.from.whenNoData !== "publishEmpty";
    const waiting = async (detail: string, files: readonly string[] = []) => {
      const previous = (await state.materialisationHistory(node.key, { partition, limit: 2 })).find((m) => m.id !== record.id);
      const reason = waitingReason(waitingSince(previous, window, startedAt), detail);
      lap("total", clock);
      await state.finishMaterialisation(record.id, { status: "waiting", finishedAt: services.now(), files, reason, timings: { ...timings, [LANDING_SIGNATURE]: landing?.signature ?? 0 } });
      return { result: { ...base, status: "waiting" as const, rows: undefined, checks: [], reason, durationMs: timings.total ?? 0 } };
    };
    const folder = services.landingDir;
    const pattern = node.compute.kind === "ingest" && node.compute.from.kind === "fileDrop" ? node.compute.from.pattern : "";
    if (waitsForData && landing.files.length === 0) return await waiting(noLandedData(pattern, folder, landing.matching, landing.rowsDecide ? undefined : window, partition));
    // The store prepares the new version's place; the engine, or the source's loader, writes it.
    staging = await (early?.staging ?? stageVersion(store, engine, node, partition, record.version));
    const output = staging.output;
    // Engines that audit inside their job (the cluster is gone later) take the checks' targets with the work.
    const auditTargets = engine.completesInline ? undefined : await prepareCheckTargets(services.graph, state, store, node, engine);
    const materialized =
      landing === undefined
        ? // The materialisation's id is the attempt: a job id that a retry of this very record re-attaches to.
          await computed(services, engine, record.id, { node, partitions: [{ partition, window, inputs, output }], attempt: record.id, ...(auditTargets === undefined ? {} : { auditTargets }) })
        : await services.landing.loadLanding({ node: landing.loadAs, partition, window, files: landing.files, piiKey: services.piiKey, output });
    if ("detached" in materialized) {
      lap("total", clock);
      const reason = `submitted as job ${materialized.detached} on the ${engine.name} engine; a later tick audits and publishes it`;
      return { result: { ...base, status: "submitted", rows: undefined, checks: [], reason, durationMs: timings.total ?? 0 } };
    }
    // Locally, flushing the file overlaps the audit; a remote store uploads the scratch file the
    // audit reads (and removes it), so there the upload follows the audit. Both end before anything is recorded.
    const staged = staging;
    const overlap = store.kind === "local" || staged.writtenBy === "engine";
    let committed = overlap ? stagedFiles(store, staged) : undefined;
    committed?.catch(() => undefined);
    lap("compute", phase);
    if (waitsForData && landing.rowsDecide && materialized.rows === 0) {
      return await waiting(noLandedData(pattern, folder, landing.files.length, undefined, partition), (await (committed ?? stagedFiles(store, staged))).files);
    }

    phase = performance.now();
    const audit = await auditVersion(services, engine, record.id, node, partition, { output, drift: materialized.drift, rows: materialized.rows, unmatchedLandingFiles: landing?.unmatched ?? [], keysGoneAtSource: landing?.keysGone ?? 0 }, startedAt);
    committed ??= stagedFiles(store, staged);
    const { files, bytes, digests } = await committed;
    lap("checks", phase);

    if (audit.blockedBy !== undefined) {
      const reason = audit.blockedBy;
      lap("total", clock);
      // What the landing looked like, so that the scheduler tries again only once it changed.
      await state.finishMaterialisation(record.id, { status: "blocked", finishedAt: services.now(), rows: materialized.rows, bytes, files, reason, timings: landing === undefined ? timings : { ...timings, [LANDING_SIGNATURE]: landing.signature } });
      return { result: { ...base, status: "blocked", rows: materialized.rows, checks: audit.checks, reason, durationMs: timings.total ?? 0 } };
    }
    // Audited: the staged version, enough to publish it from the record alone.
    await state.recordPhase(record.id, { phase: "audited", rows: materialized.rows, bytes, files, digests });
    lap("total", clock);
    return {
      result: { ...base, status: "published", rows: materialized.rows, checks: audit.checks, reason: undefined, durationMs: timings.total ?? 0 },
      publish: { id: record.id, asset: node.key, partition, version: record.version, rows: materialized.rows, bytes, files, digests, timings },
    };
  } catch (error) {
    if (isWaitingError(error)) {
      lap("total", clock);
      await state.finishMaterialisation(record.id, { status: "waiting", finishedAt: services.now(), reason: error.message, timings });
      return { result: { ...base, status: "waiting", rows: undefined, checks: [], reason: error.message, durationMs: timings.total ?? 0 } };
    }
    const failure = (staging === undefined ? undefined : diskFullError(node.key, error, describeLocation(staging.output))) ?? error;
    const cause = failure instanceof Error && failure.cause instanceof Error ? failure.cause : undefined;
    const debug = services.debug === true && cause?.stack !== undefined ? `\n${cause.stack}` : "";
    const reason = `${failure instanceof Error ? failure.message : String(failure)}${debug}`;
    lap("total", clock);
    await state.finishMaterialisation(record.id, { status: "failed", finishedAt: services.now(), reason, timings });
    return { result: { ...base, status: "failed", rows: undefined, checks: [], reason, durationMs: timings.total ?? 0 } };
  }
}
