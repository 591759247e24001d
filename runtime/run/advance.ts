import { assertNever } from "../core/assert-never.ts";
import type { EngineJob, PartitionOutput } from "../engines/engine.ts";
import type { MaterialisationRecord } from "../state/records.ts";
import { engineFor } from "./engine-for.ts";
import { stagedFiles, stagingOf } from "./staging.ts";
import { auditVersion } from "./audit-version.ts";
import type { PublishItem } from "./materialize-partition.ts";
import { nextStep } from "./next-step.ts";
import type { StepResult } from "./run-report.ts";
import type { RunServices } from "./run-services.ts";

/**
 * Where `advance` left a materialisation: its job still running (`in-flight`), audited and
 * `ready` to be published with its siblings, or `finished` (blocked or failed).
 */
export type Advanced =
  | { readonly kind: "in-flight"; readonly materialisation: MaterialisationRecord }
  | { readonly kind: "ready"; readonly materialisation: MaterialisationRecord; readonly item: PublishItem; readonly result: StepResult }
  | { readonly kind: "finished"; readonly materialisation: MaterialisationRecord; readonly result: StepResult };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The partition the job wrote, from its result (the job must have succeeded). */
async function writtenBy(job: EngineJob, m: MaterialisationRecord): Promise<PartitionOutput> {
  const result = await job.wait();
  const written = result.partitions.find((p) => p.partition === m.partition) ?? result.partitions[0];
  if (written === undefined) throw new Error(`Asset "${m.asset}": job ${job.id} finished without writing its partition`);
  return written;
}

/**
 * Moves one running materialisation of a detached job on, one phase at a time (see
 * {@link nextStep}), as far as it can go now: re-attaches to its job by the recorded id, polls
 * it, records the staged version, audits it, and stops at `audited` (publishing is the caller's,
 * so that what publishes together does, atomically). A job that cannot be attached (its process
 * died, the engine forgot it), failed or was cancelled fails the materialisation with the reason;
 * the scheduler's retry policy then applies. Each phase is persisted before the next, so a
 * process killed in between loses nothing: the next call takes it on from there.
 */
export async function advance(services: RunServices, start: MaterialisationRecord): Promise<Advanced> {
  const { state, store } = services;
  let m = start;
  const base = { key: m.asset, partition: m.partition };
  const fail = async (reason: string): Promise<Advanced> => {
    const finished = await state.finishMaterialisation(m.id, { status: "failed", finishedAt: services.now(), reason, timings: m.timings });
    return { kind: "finished", materialisation: finished, result: { ...base, status: "failed", rows: undefined, checks: [], reason, durationMs: 0 } };
  };
  if (!services.graph.has(m.asset)) return fail(`Asset "${m.asset}": it is no longer in the catalog, so its job ${m.jobId ?? ""} is not published. Fix: none needed.`);
  const node = services.graph.get(m.asset);
  const engine = engineFor(services, node);
  let job: EngineJob | undefined;
  try {
    job = m.jobId === undefined ? undefined : await engine.attach(m.jobId);
  } catch (error) {
    // The engine cannot be asked now (a network fault): look again at the next tick.
    if (services.debug === true) console.error(errorText(error));
    return { kind: "in-flight", materialisation: m };
  }
  // Where the submitting tick staged the version (`stageVersion`): a folder the engine writes, one file, or a warehouse table.
  const staging = stagingOf(engine, node, m.partition, m.version);
  for (;;) {
    const sighting = m.phase === "audited" ? undefined : job === undefined ? { state: "unknown" as const } : await job.poll();
    const step = nextStep(m, sighting, engine.name);
    try {
      switch (step.kind) {
        case "submit":
          return await fail(`Asset "${m.asset}": materialisation ${m.id} was detached before its job was submitted. Fix: none needed — the retry policy runs it again.`);
        case "wait":
          return { kind: "in-flight", materialisation: m };
        case "stage": {
          const written = await writtenBy(job as EngineJob, m);
          const { files, bytes, digests } = await stagedFiles(store, staging);
          const compute = Math.max(0, services.now().getTime() - m.startedAt.getTime());
          m = await state.recordPhase(m.id, { phase: "staged", rows: written.rows, bytes, files, digests, timings: { ...m.timings, compute } });
          break;
        }
        case "audit": {
          const written = await writtenBy(job as EngineJob, m);
          const began = performance.now();
          const audit = await auditVersion(services, engine, m.id, node, m.partition, { output: written.output, drift: written.drift, rows: written.rows }, m.startedAt);
          const timings = { ...m.timings, checks: Math.round((performance.now() - began) * 10) / 10 };
          if (audit.blockedBy !== undefined) {
            const finished = await state.finishMaterialisation(m.id, { status: "blocked", finishedAt: services.now(), rows: written.rows, bytes: m.bytes ?? 0, files: m.files, reason: audit.blockedBy, timings });
            return { kind: "finished", materialisation: finished, result: { ...base, status: "blocked", rows: written.rows, checks: audit.checks, reason: audit.blockedBy, durationMs: 0 } };
          }
          m = await state.recordPhase(m.id, { phase: "audited", timings });
          return ready(m, audit.checks);
        }
        case "publish":
          return ready(m, []);
        case "fail":
          return await fail(step.reason);
        default:
          return assertNever(step);
      }
    } catch (error) {
      return fail(errorText(error));
    }
  }
}

function ready(m: MaterialisationRecord, checks: StepResult["checks"]): Advanced {
  const rows = m.rows ?? 0;
  const bytes = m.bytes ?? 0;
  const durationMs = m.timings.compute ?? 0;
  return {
    kind: "ready",
    materialisation: m,
    item: { id: m.id, asset: m.asset, partition: m.partition, version: m.version, rows, bytes, files: m.files, digests: m.digests, timings: m.timings },
    result: { key: m.asset, partition: m.partition, status: "published", rows, checks, reason: undefined, durationMs },
  };
}
