import type { MaterialisationRecord } from "../state/records.ts";
import { advance, type Advanced } from "./advance.ts";
import { publishVersions } from "./publish.ts";
import { totalsOf, type StepResult } from "./run-report.ts";
import type { RunServices } from "./run-services.ts";
import { observeSettled } from "./run-observer.ts";

/** How a run's materialisations ended, as the run's summary counts them. */
function runOutcome(materialisations: readonly MaterialisationRecord[]): { status: "succeeded" | "partial" | "failed"; summary: Record<string, number> } {
  const results: StepResult[] = materialisations.map((m) => ({
    key: m.asset,
    partition: m.partition,
    status: m.status === "published" || m.status === "superseded" || m.status === "expired" ? "published" : m.status === "running" ? "submitted" : m.status,
    rows: m.rows,
    checks: [],
    reason: m.reason,
    durationMs: 0,
  }));
  const totals = totalsOf(results);
  const status = totals.failed + totals.blocked + totals.skipped === 0 ? "succeeded" : totals.published > 0 ? "partial" : "failed";
  return { status, summary: { ...totals } };
}

/**
 * What the start of each tick does: advances every detached materialisation (see {@link advance}),
 * publishes the audited ones of each (run, asset) together in one transaction once none of that
 * group is still computing — write-audit-publish stays atomic per asset — and finishes each run
 * whose last job settled. Returns what settled now (published, blocked or failed), for alerts.
 */
export async function advanceInFlight(services: RunServices): Promise<StepResult[]> {
  const { state } = services;
  const inFlight = await state.inFlightMaterialisations();
  if (inFlight.length === 0) return [];
  const groups = new Map<string, Advanced[]>();
  for (const m of inFlight) {
    const key = JSON.stringify([m.runId, m.asset]);
    groups.set(key, [...(groups.get(key) ?? []), await advance(services, m)]);
  }
  const settled: StepResult[] = [];
  const runs = new Set<string>();
  for (const advanced of groups.values()) {
    for (const a of advanced) if (a.kind === "finished") settled.push(a.result);
    observeSettled(services, advanced, advanced.flatMap((a) => (a.kind === "finished" ? [a.result] : [])));
    // Published together or not yet: a sibling still computing holds the audited ones back.
    if (advanced.some((a) => a.kind === "in-flight")) continue;
    const ready = advanced.flatMap((a) => (a.kind === "ready" ? [a] : []));
    const observedFrom = settled.length;
    const { failed } = await publishVersions(services, ready.map((a) => a.item));
    for (const a of ready) {
      const refused = failed.find((f) => f.item === a.item);
      settled.push(refused === undefined ? a.result : { ...a.result, status: "failed", rows: undefined, reason: refused.reason });
    }
    observeSettled(services, advanced, settled.slice(observedFrom));
    for (const a of advanced) runs.add(a.materialisation.runId);
  }
  for (const runId of runs) {
    const run = await state.getRun(runId);
    if (run?.status !== "running") continue;
    const materialisations = await state.materialisationsOfRun(runId);
    if (materialisations.some((m) => m.status === "running")) continue;
    const { status, summary } = runOutcome(materialisations);
    await state.finishRun(runId, status, services.now(), summary);
  }
  return settled;
}
