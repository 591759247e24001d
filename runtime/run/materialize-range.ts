import type { AssetNode } from "../core/graph/asset-node.ts";
import { backfillRanges } from "../core/partitions/range-eligibility.ts";
import { windowOf, type TimeWindow } from "../core/partitions/time-window.ts";
import type { Engine, InputRelation, PartitionOutput } from "../engines/engine.ts";
import type { MaterialisationRecord } from "../state/records.ts";
import { describeLocation } from "../storage/data-location.ts";
import { diskFullError } from "../storage/disk-full.ts";
import { auditVersions, type VersionAudit } from "./audit-version.ts";
import { engineFor } from "./engine-for.ts";
import type { PublishItem } from "./materialize-partition.ts";
import { prepareInputs } from "./prepare-inputs.ts";
import type { StepResult } from "./run-report.ts";
import type { RunServices } from "./run-services.ts";
import { stagedFiles, stageVersion, type Staging } from "./staging.ts";
import { newVersionId } from "./version-id.ts";
import { isWaitingError } from "./waiting-for-data.ts";

/** What became of one partition: its result, and the version to publish when its checks passed. */
export interface PartitionDone {
  readonly result: StepResult;
  readonly publish?: PublishItem;
}

/** One partition of a range on its way: its materialisation. */
interface Member {
  readonly partition: string;
  readonly record: MaterialisationRecord;
  readonly window: TimeWindow | undefined;
}

/** A partition ready to compute: its inputs and the new version's staged place. */
interface Prepared extends Member {
  readonly inputs: Map<string, InputRelation>;
  readonly staging: Staging;
}

const rounded = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Which of `partitions` of `node` run as ranges, grouped: runs of two or more consecutive
 * partitions of an asset that can run as ranges (`rangeIneligibility`) on the DuckDB engine.
 * EMR and BigQuery compute partition by partition for now. The others run one by one.
 */
export function rangesOf(services: Pick<RunServices, "engine" | "engines" | "defaultEngine">, node: AssetNode, partitions: readonly string[]): string[][] {
  if (partitions.length < 2 || engineFor(services, node).name !== "duckdb") return [];
  return backfillRanges(node, partitions).filter((range) => range.length > 1);
}

/** A partition that cannot go on: waiting for its upstream, or failed with the reason (a full disk said so, with the fix). */
async function finished(services: RunServices, node: AssetNode, member: Member & { readonly staging?: Staging }, error: unknown, timings: Record<string, number>): Promise<PartitionDone> {
  const base = { key: node.key, partition: member.partition, rows: undefined, checks: [], durationMs: timings.total ?? 0 };
  if (isWaitingError(error)) {
    await services.state.finishMaterialisation(member.record.id, { status: "waiting", finishedAt: services.now(), reason: error.message, timings });
    return { result: { ...base, status: "waiting", reason: error.message } };
  }
  const failure = (member.staging === undefined ? undefined : diskFullError(node.key, error, describeLocation(member.staging.output))) ?? error;
  const cause = failure instanceof Error && failure.cause instanceof Error ? failure.cause : undefined;
  const debug = services.debug === true && cause?.stack !== undefined ? `\n${cause.stack}` : "";
  const reason = `${failure instanceof Error ? failure.message : String(failure)}${debug}`;
  await services.state.finishMaterialisation(member.record.id, { status: "failed", finishedAt: services.now(), reason, timings });
  return { result: { ...base, status: "failed", reason } };
}

/** The one engine job computing `members` (consecutive partitions), recorded `submitted` on each; a failure of the job is every partition's. */
async function computeRange(services: RunServices, engine: Engine, node: AssetNode, members: readonly Prepared[]): Promise<readonly PartitionOutput[]> {
  const partitions = members.map((m) => ({ partition: m.partition, window: m.window, inputs: m.inputs, output: m.staging.output }));
  // The first materialisation's id is the attempt: a retry of these very records re-attaches to the job.
  const job = await engine.submit({ node, partitions, attempt: members[0]?.record.id ?? 0 });
  for (const m of members) await services.state.recordPhase(m.record.id, { phase: "submitted", jobId: job.id });
  const { partitions: written } = await job.wait();
  if (written.length !== members.length) throw new Error(`Asset "${node.key}": job ${job.id} wrote ${written.length} of its ${members.length} partitions`);
  return written;
}

/**
 * Write-audit-publish for consecutive partitions of one asset as one engine job (a backfill run
 * as a range, see `rangesOf`): a materialisation per partition, a new version staged for each,
 * then ONE job that writes every partition, then the partitions audited in one call (the
 * engine audits them together where it can) while their files are committed, each recorded exactly as `materializePartition` records one partition (phases
 * `submitted`, `audited`; `blocked`, `failed` or `waiting` with the reason). A partition whose
 * inputs cannot be prepared fails (or waits) alone and the rest still run; a failed job fails
 * every partition it computed, with the job's reason. Returns each partition's outcome; the
 * caller publishes the passing ones together, as it does for partitions run one by one.
 */
export async function materializeRange(services: RunServices, runId: string, node: AssetNode, partitions: readonly string[]): Promise<Map<string, PartitionDone>> {
  const { state, store } = services;
  const engine = engineFor(services, node);
  const startedAt = services.now();
  const done = new Map<string, PartitionDone>();
  const spec = node.partitions?.kind === "time" ? node.partitions : undefined;
  let phase = performance.now();
  const members: Member[] = [];
  for (const partition of partitions) {
    const record = await state.startMaterialisation({ runId, asset: node.key, partition, version: newVersionId(startedAt), fingerprint: node.fingerprint, startedAt });
    members.push({ partition, record, window: spec === undefined ? undefined : windowOf(spec, partition) });
  }
  const ready: Prepared[] = [];
  for (const member of members) {
    try {
      const inputs = await prepareInputs(services.graph, state, store, node, member.partition, engine);
      // The store prepares the new version's place; the job writes it.
      ready.push({ ...member, inputs, staging: await stageVersion(store, engine, node, member.partition, member.record.version) });
    } catch (error) {
      done.set(member.partition, await finished(services, node, member, error, { total: 0 }));
    }
  }
  const preparedMs = (performance.now() - phase) / Math.max(1, members.length);

  // Partitions left out above split the range where they were: each consecutive run is one job.
  for (const range of backfillRanges(node, ready.map((m) => m.partition))) {
    const chunk = ready.filter((m) => range.includes(m.partition));
    phase = performance.now();
    let written: readonly PartitionOutput[];
    try {
      written = await computeRange(services, engine, node, chunk);
    } catch (error) {
      const share = rounded(preparedMs + (performance.now() - phase) / chunk.length);
      for (const member of chunk) done.set(member.partition, await finished(services, node, member, error, { compute: share, total: share }));
      continue;
    }
    const computeMs = rounded((performance.now() - phase) / chunk.length);
    // Locally, the partitions' files are flushed one after the other while the range is audited
    // (many fsyncs at once would hold the thread pool DuckDB's calls run on); a remote store
    // uploads the scratch file the audit reads (and removes it), so there uploads follow the audit.
    const overlap = store.kind === "local";
    let flushing: Promise<unknown> = Promise.resolve();
    const commits = chunk.map((member) => {
      if (!overlap) return undefined;
      const committed = flushing.then(() => stagedFiles(store, member.staging));
      flushing = committed.catch(() => undefined);
      committed.catch(() => undefined);
      return committed;
    });
    const started = performance.now();
    const mismatch = chunk.find((member, i) => written[i]?.partition !== member.partition);
    let audits: readonly VersionAudit[];
    try {
      if (mismatch !== undefined) throw new Error(`Asset "${node.key}": the range job wrote no partition ${mismatch.partition}`);
      // One call for the range: the engine audits its versions together where it can (one scan grouped by file on DuckDB).
      audits = await auditVersions(services, engine, node, chunk.map((member, i) => ({ id: member.record.id, partition: member.partition, staged: { output: member.staging.output, drift: written[i]?.drift ?? { missing: [], unexpected: [] }, rows: written[i]?.rows ?? 0 } })), startedAt);
    } catch (error) {
      await flushing;
      const share = rounded(preparedMs + computeMs + (performance.now() - started) / chunk.length);
      for (const member of chunk) done.set(member.partition, await finished(services, node, member, error, { compute: computeMs, total: share }));
      continue;
    }
    const checksMs = rounded((performance.now() - started) / chunk.length);
    for (const [i, member] of chunk.entries()) {
      const output = written[i] as PartitionOutput;
      const audit = audits[i] as VersionAudit;
      const timings: Record<string, number> = { compute: computeMs, checks: checksMs };
      try {
        const { files, bytes, digests } = await (commits[i] ?? stagedFiles(store, member.staging));
        timings.total = rounded(preparedMs + computeMs + checksMs);
        const base = { key: node.key, partition: member.partition, rows: output.rows, checks: audit.checks, durationMs: timings.total };
        if (audit.blockedBy !== undefined) {
          await state.finishMaterialisation(member.record.id, { status: "blocked", finishedAt: services.now(), rows: output.rows, bytes, files, reason: audit.blockedBy, timings });
          done.set(member.partition, { result: { ...base, status: "blocked", reason: audit.blockedBy } });
          continue;
        }
        // Audited: the staged version, enough to publish it from the record alone.
        await state.recordPhase(member.record.id, { phase: "audited", rows: output.rows, bytes, files, digests });
        done.set(member.partition, {
          result: { ...base, status: "published", reason: undefined },
          publish: { id: member.record.id, asset: node.key, partition: member.partition, version: member.record.version, rows: output.rows, bytes, files, digests, timings },
        });
      } catch (error) {
        timings.total = rounded(preparedMs + computeMs + checksMs);
        done.set(member.partition, await finished(services, node, member, error, timings));
      }
    }
  }
  return done;
}

/**
 * The partitions of `node` that run as ranges (see `rangesOf`), computed range by range:
 * each one's outcome by partition. Partitions not in a range are not in the map.
 */
export async function materializeRanges(services: RunServices, runId: string, node: AssetNode, partitions: readonly string[]): Promise<Map<string, PartitionDone>> {
  const done = new Map<string, PartitionDone>();
  for (const range of rangesOf(services, node, partitions)) for (const [partition, outcome] of await materializeRange(services, runId, node, range)) done.set(partition, outcome);
  return done;
}
