import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { Tier } from "lakeform";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import { dataResourceOptions, type GcpProject } from "../gcp-project.ts";
import { bigQuerySchema, type PolicyTagNames } from "./bigquery-schema.ts";
import { bigQueryDatasetArgs } from "./dataset-args.ts";
import { bigQueryTableArgs } from "./bigquery-table-args.ts";

/** What {@link Warehouse} deploys. */
export interface WarehouseArgs {
  readonly plan: PlatformPlan;
  readonly project: GcpProject;
  /** The platform's key (`projects/…/cryptoKeys/data`). */
  readonly kmsKeyName: pulumi.Input<string>;
  /** The policy tags by PII kind (from `Governance`). */
  readonly policyTagNames: pulumi.Input<PolicyTagNames>;
}

/**
 * The platform's tables on BigQuery (`lakeform:gcp:Warehouse`): a dataset per tier
 * ({@link bigQueryDatasetArgs}) and a table per asset, sources included
 * ({@link bigQuerySchema}: descriptions, modes and policy tags; {@link bigQueryTableArgs}: time
 * partitioning, required partition filter, deletion protection). Create it once the BigQuery
 * service agent may use the key (pass the grant in `dependsOn`).
 */
export class Warehouse extends pulumi.ComponentResource {
  /** Datasets by tier. */
  readonly datasets: ReadonlyMap<Tier, gcp.bigquery.Dataset>;
  /** Tables by asset key (`clean/orders`). */
  readonly tables: ReadonlyMap<string, gcp.bigquery.Table>;

  constructor(name: string, args: WarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:gcp:Warehouse", name, {}, opts);
    const { plan, project } = args;
    const environment = plan.environment.name;
    const datasets = new Map<Tier, gcp.bigquery.Dataset>();
    for (const database of plan.databases) {
      datasets.set(database.tier, new gcp.bigquery.Dataset(`${name}-${database.tier}`, bigQueryDatasetArgs(database, project, environment, args.kmsKeyName), { parent: this, ...dataResourceOptions(database.protected) }));
    }
    const tags = pulumi.output(args.policyTagNames);
    const tables = new Map<string, gcp.bigquery.Table>();
    for (const table of plan.tables) {
      const dataset = datasets.get(table.tier);
      const input = bigQueryTableArgs(table, environment);
      tables.set(table.asset, new gcp.bigquery.Table(`${name}-${table.asset.replaceAll("/", "-")}`, {
        ...input,
        datasetId: dataset?.datasetId ?? input.datasetId,
        schema: tags.apply((names) => JSON.stringify(bigQuerySchema(table, names))),
        encryptionConfiguration: { kmsKeyName: args.kmsKeyName },
      }, { parent: this, ...dataResourceOptions(table.protected) }));
    }
    this.datasets = datasets;
    this.tables = tables;
    this.registerOutputs({ datasets: [...datasets.keys()], tables: [...tables.keys()] });
  }
}
