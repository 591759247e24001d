import type { AssetNode } from "../../core/graph/asset-node.ts";
import type { SchemaDrift } from "../../core/schema-drift.ts";
import type { PartitionTarget } from "../engine.ts";

/** One partition of a job, with its asset: what each DuckDB materialiser computes. */
export type PartitionWork = PartitionTarget & { readonly node: AssetNode };

/** What a materialiser wrote for one partition. */
export interface WrittenPartition {
  readonly rows: number;
  readonly drift: SchemaDrift;
}
