import { buildAssetGraph, type SqlTemplate } from "lakeform";
import platform from "../../../assets/index.ts";
import { partitionMacros, type PartitionMacros } from "../../../runtime/transpile/partition-macros.ts";

/** One SQL statement of the example platform: an asset's compute or one of its `c.sql` checks. */
export interface ExampleStatement {
  /** `clean/orders`, or `clean/orders#total_reconciles` for a check. */
  readonly name: string;
  readonly asset: string;
  readonly check?: string;
  readonly template: SqlTemplate;
  readonly macros: PartitionMacros;
}

/** The example platform's graph. */
export const exampleGraph = buildAssetGraph(platform);

/** Every SQL asset of the example platform (sources are landed, not computed by SQL), with its checks' SQL. */
export const exampleStatements: readonly ExampleStatement[] = exampleGraph.nodes().flatMap((node): ExampleStatement[] => {
  if (node.compute.kind !== "sql") return [];
  const macros = partitionMacros(node.partitions, node.partitions === undefined ? undefined : "2024-01-02");
  const checks = node.checks.flatMap((c) => (c.kind === "sql" ? [{ name: `${node.key}#${c.name}`, asset: node.key, check: c.name, template: c.query, macros }] : []));
  return [{ name: node.key, asset: node.key, template: node.compute, macros }, ...checks];
});
