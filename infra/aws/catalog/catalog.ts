import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import { dataResourceOptions, physicalBucketName, type AwsAccount } from "../aws-account.ts";
import { glueTableInput } from "./glue-table-input.ts";

/** What {@link Catalog} deploys. */
export interface CatalogArgs {
  readonly plan: PlatformPlan;
  readonly account: AwsAccount;
}

/**
 * The Glue Data Catalog of the platform (`lakeform:aws:Catalog`): a database per tier and a
 * table per asset, sources included ({@link glueTableInput}). Create it after the Lake
 * Formation settings (pass them in `dependsOn`), so new databases and tables get no
 * IAMAllowedPrincipals permission.
 */
export class Catalog extends pulumi.ComponentResource {
  /** Glue databases by name (`lf_prod_clean`). */
  readonly databases: ReadonlyMap<string, aws.glue.CatalogDatabase>;
  /** Glue tables by asset key (`clean/orders`). */
  readonly tables: ReadonlyMap<string, aws.glue.CatalogTable>;

  constructor(name: string, args: CatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:aws:Catalog", name, {}, opts);
    const { plan, account } = args;
    const databases = new Map<string, aws.glue.CatalogDatabase>();
    for (const database of plan.databases) {
      databases.set(
        database.name,
        new aws.glue.CatalogDatabase(`${name}-${database.tier}`, {
          name: database.name,
          description: `Lakeform ${plan.environment.name}: the ${database.tier} tier`,
          locationUri: `s3://${physicalBucketName(database.bucket, account.accountId)}/${database.tier}/`,
        }, { parent: this, ...dataResourceOptions(database.protected) }),
      );
    }
    const tables = new Map<string, aws.glue.CatalogTable>();
    for (const table of plan.tables) {
      const database = databases.get(table.database);
      const input = glueTableInput(table, physicalBucketName(table.location.bucket, account.accountId));
      tables.set(
        table.asset,
        new aws.glue.CatalogTable(`${name}-${table.asset.replaceAll("/", "-")}`, { ...input, databaseName: database?.name ?? input.databaseName }, { parent: this, ...dataResourceOptions(table.protected), ...(database === undefined ? {} : { dependsOn: [database] }) }),
      );
    }
    this.databases = databases;
    this.tables = tables;
    this.registerOutputs({ databases: [...databases.keys()], tables: [...tables.keys()] });
  }
}
