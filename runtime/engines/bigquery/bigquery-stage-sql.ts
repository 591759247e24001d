import type { SqlValue } from "../../core/declare/sql-template.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import { LakeformError } from "../../core/errors.ts";
import { macroValues } from "../../core/partitions/partition-macros.ts";
import type { Problem } from "../../core/problem.ts";
import { bigqueryDialect } from "../../core/sql/dialects.ts";
import { renderForTarget } from "../../transpile/render-for-target.ts";
import type { PartitionTarget } from "../engine.ts";
import { bigqueryColumnsOf, relationSql } from "./bigquery-relations.ts";
import { PARTITION_COLUMN, partitionDecoratorOf, partitionLiteralOf } from "./bigquery-tables.ts";

const q = (name: string) => bigqueryDialect.quoteIdentifier(name);

/** The queries computing one partition of an asset on BigQuery. */
export interface StageQuery {
  readonly partition: string;
  /** The asset's SQL as BigQuery runs it (refs as sub-queries over the parents' tables): dry-run for its estimate and the columns it returns. */
  readonly select: string;
  /** `select`'s rows cast to the declared types, with the partition column `dt` of time-partitioned assets: what the staging table receives. */
  readonly staged: string;
  /** Values of `@p0`, `@p1`, … in both. */
  readonly params: readonly SqlValue[];
  /** Why it cannot run on BigQuery (SQL that does not translate); empty when it can. */
  readonly problems: readonly Problem[];
}

/**
 * The BigQuery SQL of one partition of `node`: its SQL (transpiled from DuckDB's dialect, or its
 * `sql.for({ bigquery })` override) with each `ref()` a sub-query over the parent's published
 * table ({@link relationSql}) and the partition macros as named parameters; then that query's rows
 * cast to the declaration, plus `dt` (the partition's start: see `PARTITION_COLUMN`) so that the
 * staging table copies into the published table's partition as it is.
 */
export async function stageQuery(node: AssetNode, target: PartitionTarget): Promise<StageQuery> {
  if (node.compute.kind !== "sql") throw new LakeformError(`Asset "${node.key}": BigQuery runs SQL assets; its compute is ${node.compute.kind}. Fix: declare it with sql\`…\`, or run it on DuckDB (engine: "duckdb").`);
  const macros = macroValues({ node, partition: target.partition, window: target.window });
  const rendered = await renderForTarget(
    node.compute,
    {
      target: "bigquery",
      ref: (ref) => {
        const input = target.inputs.get(ref.key);
        if (input === undefined) throw new LakeformError(`Asset "${node.key}": "${ref.key}" is not among the inputs prepared for it. Fix: declare the dependency with ref().`);
        return relationSql(input);
      },
      macros,
    },
    { asset: node.key },
  );
  const casts = bigqueryColumnsOf({ columns: node.columns }).map(([name, type]) => `CAST(${q(name)} AS ${type}) AS ${q(name)}`);
  if (node.partitions?.kind === "time" && target.partition !== "") casts.push(`${partitionLiteralOf(partitionDecoratorOf(node, target.partition))} AS ${q(PARTITION_COLUMN)}`);
  return {
    partition: target.partition,
    select: rendered.text,
    staged: `SELECT ${casts.join(", ")}\nFROM (\n${rendered.text}\n) AS lf_result`,
    params: rendered.params,
    problems: rendered.problems,
  };
}
