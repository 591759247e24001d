import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { RunObserver } from "../run/run-observer.ts";
import type { StepResult } from "../run/run-report.ts";
import type { StateStore } from "../state/state-store.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { columnLineageOf, lineageSql } from "./column-lineage.ts";
import { datasetIdOf, type DatasetId } from "./dataset-naming.ts";
import type { LineageTransport } from "./lineage-transport.ts";
import { assertionsFacet, columnLineageFacet, metricsFacet, PRODUCER, type Facet } from "./openlineage-facets.ts";
import { buildRunEvent, type RunEvent, type RunEventType } from "./run-event.ts";
import { materialisationRunId, uuidFrom } from "./run-uuid.ts";

/** What {@link lineageObserver} needs. */
export interface LineageObserverOptions {
  readonly graph: AssetGraph;
  readonly state: StateStore;
  readonly store: ObjectStore;
  /** The jobs' namespace: `lakeform://<env>` unless `LAKEFORM_OPENLINEAGE_NAMESPACE` says otherwise. */
  readonly namespace: string;
  readonly transports: readonly LineageTransport[];
  /** Where a transport's failure is said (it never fails the run). */
  readonly warn: (message: string) => void;
}

/** The event type a step's outcome ends with; undefined while its job runs on (no end yet). */
export function endEventType(status: StepResult["status"]): RunEventType | undefined {
  switch (status) {
    case "published":
      return "COMPLETE";
    case "failed":
    case "blocked":
      return "FAIL";
    case "skipped":
    case "waiting":
      return "ABORT";
    case "submitted":
      return undefined;
  }
}

/**
 * A `RunObserver` that emits OpenLineage RunEvents: START when a materialisation starts, and
 * COMPLETE, FAIL or ABORT when it ends, with its inputs and output (schema, documentation,
 * ownership, tags, column lineage from its SQL, check assertions, input profiles, output
 * statistics), to every transport. Events are built and sent in order on a queue; `flush`
 * waits for it. A transport that fails is warned about, once per event, and the run goes on.
 */
export function lineageObserver(options: LineageObserverOptions): RunObserver & { readonly events: () => readonly RunEvent[] } {
  const { graph, state, store } = options;
  let queue: Promise<void> = Promise.resolve();
  const emitted: RunEvent[] = [];
  const lineages = new Map<string, Promise<Facet | undefined>>();
  const datasetOf = (key: string): DatasetId => datasetIdOf(store.locationOf(key));
  const enqueue = (work: () => Promise<RunEvent | undefined>) => {
    queue = queue.then(async () => {
      let event: RunEvent | undefined;
      try {
        event = await work();
      } catch (error) {
        options.warn(`An OpenLineage event could not be built: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (event === undefined) return;
      emitted.push(event);
      for (const transport of options.transports) {
        try {
          await transport.send(event);
        } catch (error) {
          options.warn(error instanceof Error ? error.message : String(error));
        }
      }
    });
  };
  const lineageOf = (key: string) => {
    let found = lineages.get(key);
    if (found === undefined) {
      found = columnLineageOf(graph, key, datasetOf, PRODUCER).then((fields) => (fields === undefined ? undefined : columnLineageFacet(fields)));
      lineages.set(key, found);
    }
    return found;
  };
  const base = (runId: string, tickId: string | undefined, key: string, partition: string) => {
    const node = graph.get(key);
    const sql = lineageSql(graph, key);
    return {
      namespace: options.namespace,
      node,
      partition,
      runId: materialisationRunId(runId, key, partition),
      parent: { runId: uuidFrom(runId), job: "lakeform.run", ...(tickId === undefined ? {} : { root: { runId: uuidFrom(tickId), job: "lakeform.tick" } }) },
      output: datasetOf(key),
      ...(sql === undefined ? {} : { sql }),
    };
  };
  const inputsOf = async (key: string, withProfiles: boolean) =>
    Promise.all(
      [...new Set(graph.get(key).dependencies.map((d) => d.key))].map(async (parent) => {
        const profile = withProfiles ? await state.latestProfile(parent) : undefined;
        return { node: graph.get(parent), id: datasetOf(parent), ...(profile === undefined ? {} : { inputFacets: { dataQualityMetrics: metricsFacet(profile, undefined, undefined) } }) };
      }),
    );
  return {
    stepStarted(e) {
      if (!graph.has(e.key)) return;
      enqueue(async () => buildRunEvent({ ...base(e.runId, e.tickId, e.key, e.partition), type: "START", at: e.at, inputs: await inputsOf(e.key, false) }));
    },
    stepFinished(e) {
      const r = e.result;
      const type = endEventType(r.status);
      if (type === undefined || !graph.has(r.key)) return;
      enqueue(async () => {
        const node = graph.get(r.key);
        const record = (await state.materialisationsOfRun(e.runId)).filter((m) => m.asset === r.key && m.partition === r.partition).pop();
        const outputFacets: Record<string, Facet> = {};
        const lineage = await lineageOf(r.key);
        if (lineage !== undefined) outputFacets.columnLineage = lineage;
        if (r.checks.length > 0) {
          const columnOf = (name: string) => {
            const check = node.checks.find((c) => c.name === name);
            if (check === undefined) return undefined;
            if ("column" in check) return check.column;
            return "columns" in check && check.columns.length === 1 ? check.columns[0] : undefined;
          };
          outputFacets.dataQualityAssertions = assertionsFacet(r.checks, columnOf);
        }
        const stats = type === "COMPLETE" && record !== undefined ? { rows: record.rows ?? r.rows ?? 0, bytes: record.bytes ?? 0, files: record.files.length } : undefined;
        return buildRunEvent({
          ...base(e.runId, e.tickId, r.key, r.partition),
          type,
          at: e.at,
          inputs: await inputsOf(r.key, true),
          outputFacets,
          ...(stats === undefined ? {} : { outputStatistics: stats }),
          ...(type === "COMPLETE" ? {} : { error: `${r.status}: ${r.reason ?? "no reason given"}` }),
        });
      });
    },
    flush: () => queue,
    events: () => emitted,
  };
}
