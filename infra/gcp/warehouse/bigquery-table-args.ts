import type { TablePlan } from "../../plan/platform-plan.ts";
import { ENVIRONMENT_LABEL, labelValue } from "../gcp-project.ts";

const DAY_MS = 86_400_000;
const PARTITION_TYPE = { hourly: "HOUR", daily: "DAY", monthly: "MONTH" } as const;

/** The inputs of one `gcp.bigquery.Table`, as plain data. */
export interface BigQueryTableArgs {
  readonly datasetId: string;
  readonly tableId: string;
  readonly description?: string;
  readonly timePartitioning?: { readonly type: "HOUR" | "DAY" | "MONTH"; readonly field: string; readonly expirationMs?: number };
  /** Queries must filter on the partition column: a forgotten filter cannot scan every partition. */
  readonly requirePartitionFilter?: boolean;
  readonly clusterings?: string[];
  /** Protected stacks cannot delete the table (nor can `pulumi destroy`). */
  readonly deletionProtection: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * An asset's BigQuery table but its schema (`JSON.stringify(bigQuerySchema(table, tags))`, once
 * the policy tags are known): time partitioning on the partition
 * column (HOUR, DAY or MONTH by granularity) with partitions expiring after the asset's
 * retention and a required partition filter, clustering by the key of statically partitioned
 * tables, deletion protection in protected stacks.
 */
export function bigQueryTableArgs(table: TablePlan, environment: string): BigQueryTableArgs {
  const partitioning = table.partitioning;
  const time = partitioning?.kind === "time" ? partitioning : undefined;
  return {
    datasetId: table.database,
    tableId: table.name,
    ...(table.description === undefined ? {} : { description: table.description }),
    ...(time === undefined
      ? {}
      : {
          timePartitioning: { type: PARTITION_TYPE[time.granularity ?? "daily"], field: time.column, ...(table.retentionDays === undefined ? {} : { expirationMs: table.retentionDays * DAY_MS }) },
          requirePartitionFilter: true,
        }),
    ...(partitioning?.kind === "static" ? { clusterings: [partitioning.column] } : {}),
    deletionProtection: table.protected,
    labels: { [ENVIRONMENT_LABEL]: labelValue(environment), "lakeform-tier": table.tier, "lakeform-asset": labelValue(table.asset.replaceAll("/", "__")) },
  };
}
