import type { AssetNode } from "../core/graph/asset-node.ts";
import { windowOf } from "../core/partitions/time-window.ts";
import type { DatasetId } from "./dataset-naming.ts";
import { datasetFacets, facet, OPENLINEAGE_SCHEMA_URL, PRODUCER, type Facet } from "./openlineage-facets.ts";

/** OpenLineage run states Lakeform emits. */
export type RunEventType = "START" | "COMPLETE" | "FAIL" | "ABORT";

/** An OpenLineage 2-0-2 RunEvent, as plain JSON. */
export interface RunEvent {
  readonly eventType: RunEventType;
  readonly eventTime: string;
  readonly producer: string;
  readonly schemaURL: string;
  readonly run: { readonly runId: string; readonly facets: Readonly<Record<string, Facet>> };
  readonly job: { readonly namespace: string; readonly name: string; readonly facets: Readonly<Record<string, Facet>> };
  readonly inputs: readonly { readonly namespace: string; readonly name: string; readonly facets: Readonly<Record<string, Facet>>; readonly inputFacets?: Readonly<Record<string, Facet>> }[];
  readonly outputs: readonly { readonly namespace: string; readonly name: string; readonly facets: Readonly<Record<string, Facet>>; readonly outputFacets?: Readonly<Record<string, Facet>> }[];
}

/** What one event of one materialisation says. */
export interface RunEventInput {
  readonly type: RunEventType;
  readonly at: Date;
  /** The job namespace: the environment, `lakeform://<env>`. */
  readonly namespace: string;
  readonly node: AssetNode;
  readonly partition: string;
  /** The OpenLineage run id of this materialisation (see `materialisationRunId`). */
  readonly runId: string;
  /** The Lakeform run it belongs to (the parent run), and the scheduler tick that launched it (the root run), when one did. */
  readonly parent: { readonly runId: string; readonly job: string; readonly root?: { readonly runId: string; readonly job: string } };
  readonly output: DatasetId;
  /** Each input asset, named, with its node and input facets (its profile). */
  readonly inputs: readonly { readonly node: AssetNode; readonly id: DatasetId; readonly inputFacets?: Readonly<Record<string, Facet>> }[];
  /** Facets of this run's output beyond the asset's own (column lineage, assertions). */
  readonly outputFacets?: Readonly<Record<string, Facet>>;
  readonly outputStatistics?: { readonly rows: number; readonly bytes: number; readonly files: number };
  /** The asset's SQL, for the `sql` job facet. */
  readonly sql?: string;
  /** Why it failed or was aborted. */
  readonly error?: string;
}

/**
 * The OpenLineage RunEvent of one materialisation: job = the asset in the environment's
 * namespace; the run a child of the Lakeform run; `nominalTime` the partition's window; inputs
 * and the output with schema, documentation, ownership and tags; output statistics; the SQL.
 * Pure: the caller looks up what it needs (profiles, checks, sizes).
 */
export function buildRunEvent(input: RunEventInput): RunEvent {
  const { node } = input;
  const runFacets: Record<string, Facet> = {
    parent: facet("parent", {
      run: { runId: input.parent.runId },
      job: { namespace: input.namespace, name: input.parent.job },
      ...(input.parent.root === undefined ? {} : { root: { run: { runId: input.parent.root.runId }, job: { namespace: input.namespace, name: input.parent.root.job } } }),
    }),
  };
  if (node.partitions?.kind === "time" && input.partition !== "") {
    const window = windowOf(node.partitions, input.partition);
    runFacets.nominalTime = facet("nominalTime", { nominalStartTime: window.start.toISOString(), nominalEndTime: window.end.toISOString() });
  }
  if (input.error !== undefined) runFacets.errorMessage = facet("errorMessage", { message: input.error, programmingLanguage: "TypeScript" });
  const jobFacets: Record<string, Facet> = {
    jobType: facet("jobType", { processingType: "BATCH", integration: "LAKEFORM", jobType: node.kind === "source" ? "INGEST" : "ASSET" }),
  };
  if (input.sql !== undefined) jobFacets.sql = facet("sql", { query: input.sql, dialect: "duckdb" });
  if (node.owners.length > 0) jobFacets.ownership = facet("jobOwnership", { owners: node.owners.map((name) => ({ name, type: name.includes("@") ? "email" : "team" })) });
  const stats = input.outputStatistics;
  return {
    eventType: input.type,
    eventTime: input.at.toISOString(),
    producer: PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: { runId: input.runId, facets: runFacets },
    job: { namespace: input.namespace, name: node.key, facets: jobFacets },
    inputs: input.inputs.map((i) => ({ ...i.id, facets: datasetFacets(i.node), ...(i.inputFacets === undefined ? {} : { inputFacets: i.inputFacets }) })),
    outputs: [
      {
        ...input.output,
        facets: { ...datasetFacets(node), ...input.outputFacets },
        ...(stats === undefined ? {} : { outputFacets: { outputStatistics: facet("outputStatistics", { rowCount: stats.rows, size: stats.bytes, fileCount: stats.files }) } }),
      },
    ],
  };
}
