import type { PlatformPlan } from "../../plan/platform-plan.ts";
import type { AwsAccount } from "../aws-account.ts";
import type { PolicyStatement } from "./policy-document.ts";

/** Reading the catalog: databases, tables and partitions. */
export const GLUE_READ = ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition"];

/** Publishing versions: adding, moving and removing partitions, swapping a table's location. */
export const GLUE_PUBLISH = [
  ...GLUE_READ,
  "glue:CreatePartition",
  "glue:BatchCreatePartition",
  "glue:UpdatePartition",
  "glue:BatchUpdatePartition",
  "glue:DeletePartition",
  "glue:BatchDeletePartition",
  "glue:UpdateTable",
];

/** `actions` on this environment's Glue databases and their tables only (and the account's catalog, which Glue requires). */
export function glueStatement(sid: string, actions: readonly string[], plan: Pick<PlatformPlan, "databases">, account: AwsAccount): PolicyStatement {
  const base = `arn:${account.partition}:glue:${account.region}:${account.accountId}`;
  return {
    Sid: sid,
    Effect: "Allow",
    Action: [...actions],
    Resource: [`${base}:catalog`, ...plan.databases.flatMap((d) => [`${base}:database/${d.name}`, `${base}:table/${d.name}/*`])],
  };
}
