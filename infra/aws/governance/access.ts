import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import type { Catalog } from "../catalog/catalog.ts";
import type { Governance } from "./governance.ts";
import { consumerDatabasePermissions, grantPermission, writerPermissions, type LfPermissionInput } from "./lf-permissions.ts";
import { columnLfTags, tableLfTags } from "./lf-tags.ts";

/** What {@link Access} deploys. */
export interface AccessArgs {
  readonly plan: PlatformPlan;
  readonly catalog: Catalog;
  readonly governance: Governance;
  /** The platform's roles that write tables (the runtime's task role, the EMR nodes' role). */
  readonly writers: readonly { readonly name: string; readonly arn: pulumi.Input<string> }[];
}

/**
 * Who may read what (`lakeform:aws:Access`): LF-tags on every table (tier, domain, pii) and on
 * the columns of tables holding personal data ({@link columnLfTags}: `pii=true` on each PII
 * column), consumers' SELECT grants on exactly the columns the plan grants them
 * ({@link grantPermission}), and the platform's own roles' permissions on this environment's
 * databases and locations ({@link writerPermissions}).
 */
export class Access extends pulumi.ComponentResource {
  constructor(name: string, args: AccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:aws:Access", name, {}, opts);
    const { plan, catalog, governance } = args;
    const tagged = [...governance.tags];
    for (const table of plan.tables) {
      const glue = catalog.tables.get(table.asset);
      const after = { parent: this, dependsOn: [...tagged, ...(glue === undefined ? [] : [glue])] };
      const id = `${name}-${table.asset.replaceAll("/", "-")}`;
      const tableName = glue?.name ?? table.name;
      new aws.lakeformation.ResourceLfTags(`${id}-tags`, { table: { databaseName: table.database, name: tableName }, lfTags: tableLfTags(table).map((tag) => ({ ...tag })) }, after);
      columnLfTags(table).forEach((columns, index) => {
        new aws.lakeformation.ResourceLfTags(`${id}-column-tags-${index}`, { tableWithColumns: { databaseName: table.database, name: tableName, columnNames: [...columns.columnNames] }, lfTags: columns.lfTags.map((tag) => ({ ...tag })) }, after);
      });
    }
    const tables = [...catalog.tables.values()];
    const permission = (input: LfPermissionInput<pulumi.Input<string>>) =>
      new aws.lakeformation.Permissions(`${name}-${input.id}`, {
        principal: input.principal,
        permissions: [...input.permissions],
        ...(input.database === undefined ? {} : { database: { ...input.database } }),
        ...(input.table === undefined ? {} : { table: { ...input.table } }),
        ...(input.tableWithColumns === undefined ? {} : { tableWithColumns: { ...input.tableWithColumns, columnNames: [...input.tableWithColumns.columnNames] } }),
        ...(input.dataLocation === undefined ? {} : { dataLocation: { ...input.dataLocation } }),
      }, { parent: this, dependsOn: [governance.settings, ...governance.locations, ...tables] });
    for (const grant of plan.grants) permission(grantPermission(grant, plan));
    for (const describe of consumerDatabasePermissions(plan)) permission(describe);
    for (const input of writerPermissions(plan, args.writers, governance.locationArns)) permission(input);
    this.registerOutputs({});
  }
}
