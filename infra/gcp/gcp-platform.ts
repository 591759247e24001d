import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { TIERS, type Tier } from "lakeform";
import type { BucketRole, PlatformPlan } from "../plan/platform-plan.ts";
import { ENVIRONMENT_LABEL, labelValue, type GcpProject } from "./gcp-project.ts";
import { Governance } from "./governance/governance.ts";
import { Access } from "./iam/access.ts";
import { ServiceAccounts } from "./iam/service-accounts.ts";
import { PROJECT_APIS } from "./project-apis.ts";
import { Runtime } from "./runtime/runtime.ts";
import { Storage } from "./storage/storage.ts";
import { Warehouse } from "./warehouse/warehouse.ts";

/** The deployed platform on GCP: its components, and the names the runtime needs. */
export interface GcpPlatform {
  readonly project: GcpProject;
  readonly storage: Storage;
  readonly governance: Governance;
  readonly warehouse: Warehouse;
  readonly accounts: ServiceAccounts;
  readonly runtime: Runtime;
  readonly access: Access;
  /** Real bucket names by role. */
  readonly bucketNames: Readonly<Record<BucketRole, string>>;
  /** BigQuery dataset ids by tier. */
  readonly databaseNames: Readonly<Record<Tier, string>>;
}

/**
 * Deploys a plan to GCP: a provider for the stack's project and region that labels every
 * resource with its environment, the project's APIs, the Cloud Storage and BigQuery service
 * agents resolved once (they encrypt with the platform's key), then the components in
 * dependency order — Storage (key, buckets), Governance (taxonomy, policy tags, data policies),
 * Warehouse (datasets and tables, once BigQuery may use the key), ServiceAccounts, Runtime,
 * Access.
 */
export async function deployGcp(plan: PlatformPlan): Promise<GcpPlatform> {
  const environment = plan.environment;
  const projectId = environment.gcpProject;
  if (projectId === undefined) throw new Error(`Stack "${environment.name}": lakeform:gcpProject is not set. Fix: pulumi config set lakeform:gcpProject <your project id>.`);
  const project: GcpProject = { projectId, region: environment.region };
  const provider = new gcp.Provider("gcp", { project: projectId, region: environment.region, defaultLabels: { [ENVIRONMENT_LABEL]: labelValue(environment.name), "lakeform-prefix": environment.prefix } });
  const invoke = { provider };
  const [storageAgent, bigqueryAgent] = await Promise.all([gcp.storage.getProjectServiceAccount({ project: projectId }, invoke), gcp.bigquery.getDefaultServiceAccount({ project: projectId }, invoke)]);

  const apis = PROJECT_APIS.map((service) => new gcp.projects.Service(`api-${service.split(".")[0]}`, { project: projectId, service, disableOnDestroy: false, disableDependentServices: false }, { provider }));
  const opts: pulumi.ComponentResourceOptions = { providers: { gcp: provider }, dependsOn: apis };
  const storage = new Storage("storage", { plan, project, serviceAgents: { storage: storageAgent.emailAddress, bigquery: bigqueryAgent.email } }, opts);
  const governance = new Governance("governance", { plan, project }, opts);
  const warehouse = new Warehouse("warehouse", { plan, project, kmsKeyName: storage.key.id, policyTagNames: governance.policyTagNames }, { ...opts, dependsOn: [...apis, storage.keyGrants.bigquery] });
  const accounts = new ServiceAccounts("accounts", { plan, project }, opts);
  const runtime = new Runtime("runtime", { plan, project, runtimeAccount: accounts.runtime, schedulerAccount: accounts.scheduler }, opts);
  const access = new Access("access", { plan, project, accounts, storage, warehouse, governance, runtime }, opts);
  const databaseNames = Object.fromEntries(TIERS.map((tier) => [tier, plan.databases.find((d) => d.tier === tier)?.name ?? ""])) as Record<Tier, string>;
  return { project, storage, governance, warehouse, accounts, runtime, access, bucketNames: storage.bucketNames, databaseNames };
}
