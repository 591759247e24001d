import type { GrantPlan, PlatformPlan } from "../../plan/platform-plan.ts";

/**
 * One Lake Formation permission as plain data (`aws.lakeformation.Permissions` inputs). The
 * principal is an ARN, or whatever stands for one until it is known (a Pulumi output).
 */
export interface LfPermissionInput<Principal = string> {
  /** Stable, for the Pulumi resource name: `grant-analysts-curated-daily_revenue`. */
  readonly id: string;
  readonly principal: Principal;
  readonly permissions: readonly string[];
  readonly database?: { readonly name: string };
  readonly table?: { readonly databaseName: string; readonly wildcard: true };
  readonly tableWithColumns?: { readonly databaseName: string; readonly name: string; readonly columnNames: readonly string[] };
  readonly dataLocation?: { readonly arn: string };
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9_]+/g, "-");

/**
 * A consumer's read grant on one table: SELECT on exactly the granted columns (personal data
 * already withheld by the plan for roles without PII access) plus the table's partition
 * column, so partition filters work.
 */
export function grantPermission(grant: GrantPlan, plan: Pick<PlatformPlan, "tables">): LfPermissionInput {
  const table = plan.tables.find((t) => t.asset === grant.asset);
  const partition = table?.partitioning?.column;
  const columnNames = partition === undefined || grant.columns.includes(partition) ? [...grant.columns] : [...grant.columns, partition];
  return { id: `grant-${slug(grant.role)}-${slug(grant.asset)}`, principal: grant.principal, permissions: ["SELECT"], tableWithColumns: { databaseName: grant.database, name: grant.table, columnNames } };
}

/** DESCRIBE on each database a consumer reads a table of, so its tables can be found. */
export function consumerDatabasePermissions(plan: Pick<PlatformPlan, "grants">): LfPermissionInput[] {
  const seen = new Map<string, LfPermissionInput>();
  for (const grant of plan.grants) {
    const id = `describe-${slug(grant.role)}-${grant.database}`;
    if (!seen.has(id)) seen.set(id, { id, principal: grant.principal, permissions: ["DESCRIBE"], database: { name: grant.database } });
  }
  return [...seen.values()];
}

/** A role of the platform that writes tables: the runtime, EMR nodes. */
export interface WriterRole<Arn = string> {
  /** `runtime`, `emr-nodes`. */
  readonly name: string;
  readonly arn: Arn;
}

/**
 * What the platform's own roles need from Lake Formation: on each database of the plan,
 * DESCRIBE and ALTER (partitions are added as versions are published); on its tables, reading,
 * writing and altering (the location swap of a publish); and data-location access to the tier
 * buckets. Nothing outside this environment's databases and locations.
 */
export function writerPermissions<Arn>(plan: Pick<PlatformPlan, "databases">, writers: readonly WriterRole<Arn>[], locationArns: readonly string[]): LfPermissionInput<Arn>[] {
  return writers.flatMap((writer) => [
    ...plan.databases.flatMap((database): LfPermissionInput<Arn>[] => [
      { id: `${writer.name}-database-${database.name}`, principal: writer.arn, permissions: ["DESCRIBE", "ALTER"], database: { name: database.name } },
      { id: `${writer.name}-tables-${database.name}`, principal: writer.arn, permissions: ["SELECT", "INSERT", "DELETE", "ALTER", "DESCRIBE"], table: { databaseName: database.name, wildcard: true } },
    ]),
    ...locationArns.map((arn, index): LfPermissionInput<Arn> => ({ id: `${writer.name}-location-${index}`, principal: writer.arn, permissions: ["DATA_LOCATION_ACCESS"], dataLocation: { arn } })),
  ]);
}
