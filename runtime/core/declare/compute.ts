import { refTo, type AnyAssetDefinition, type AssetRef } from "./asset-ref.ts";
import type { Columns, RowOf } from "./column.ts";
import type { SourceSpec } from "./source-spec.ts";
import type { SqlTemplate } from "./sql-template.ts";

/** The partition being materialised, as a TypeScript compute function sees it. */
export interface PartitionContext {
  readonly key: string;
  /** Window start (inclusive) for time partitions. */
  readonly start?: Date;
  /** Window end (exclusive) for time partitions. */
  readonly end?: Date;
}

type InputTarget = AnyAssetDefinition | AssetRef;
type ColumnsOf<T> = T extends AnyAssetDefinition<infer C extends Columns> ? C : T extends AssetRef<infer C extends Columns> ? C : never;

/** What a TypeScript compute function receives: its inputs as typed row streams. */
export interface FnContext<I extends Readonly<Record<string, InputTarget>>> {
  readonly inputs: { readonly [K in keyof I]: AsyncIterable<RowOf<ColumnsOf<I[K]>>> };
  readonly partition: PartitionContext | undefined;
}

/** Rows produced by a TypeScript compute function: streamed or all at once. */
export type RowsOut<Row> = AsyncIterable<Row> | Iterable<Row> | Promise<Iterable<Row>>;

/** A TypeScript function over typed rows, for small data. */
export interface FnCompute<Row = Record<string, unknown>> {
  readonly kind: "fn";
  readonly inputs: Readonly<Record<string, AssetRef>>;
  readonly run: (context: FnContext<Readonly<Record<string, AssetRef>>>) => RowsOut<Row>;
  /** The function's source text: part of the asset's fingerprint. */
  readonly code: string;
}

/** A Spark script, run only on EMR. */
export interface SparkCompute {
  readonly kind: "spark";
  readonly script: string;
  readonly inputs: readonly AssetRef[];
  readonly args: readonly string[];
}

/** Landing of external files into the raw tier; the compute of a `source`. */
export interface IngestCompute {
  readonly kind: "ingest";
  readonly from: SourceSpec;
  /** A timestamp column whose newest value says how fresh the source is (dbt's `loaded_at_field`). @default - freshness is measured from the last publish */
  readonly loadedAtField?: string;
}

/** How an asset is computed. */
export type ComputeSpec<Row = Record<string, unknown>> = SqlTemplate | FnCompute<Row> | SparkCompute | IngestCompute;

/**
 * A TypeScript compute function with typed rows in and out, for small data.
 *
 * @example
 * compute: fn({
 *   inputs: { events: rawEvents },
 *   async *run({ inputs }) {
 *     for await (const e of inputs.events) if (e.event_type === "purchase") yield { ... };
 *   },
 * })
 */
export function fn<const I extends Readonly<Record<string, InputTarget>>, Row>(options: {
  readonly inputs: I;
  readonly run: (context: FnContext<I>) => RowsOut<Row>;
}): FnCompute<Row> {
  const inputs = Object.fromEntries(
    Object.entries(options.inputs).map(([name, target]) => [name, target.kind === "ref" ? target : refTo(target)]),
  );
  return Object.freeze({
    kind: "fn",
    inputs: Object.freeze(inputs),
    run: options.run as FnCompute<Row>["run"],
    code: options.run.toString(),
  });
}

/**
 * A Spark script run on an ephemeral EMR cluster; it reads `inputs` and writes the asset.
 * @example spark({ script: "jobs/sessionize.py", inputs: [rawEvents] })
 */
export function spark(options: { readonly script: string; readonly inputs?: readonly InputTarget[]; readonly args?: readonly string[] }): SparkCompute {
  return Object.freeze({
    kind: "spark",
    script: options.script,
    inputs: Object.freeze((options.inputs ?? []).map((t) => (t.kind === "ref" ? t : refTo(t)))),
    args: Object.freeze([...(options.args ?? [])]),
  });
}
