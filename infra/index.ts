// The Pulumi program (`pulumi up` per stack): the stack's configuration → its Environment, the
// catalog → its AssetGraph (a broken catalog fails here, before any resource changes, with the
// validation message), both → the PlatformPlan, and the plan → the cloud's components. It
// exports what the runtime needs to find the platform.
import * as pulumi from "@pulumi/pulumi";
import { buildAssetGraph } from "lakeform";
import catalog from "../assets/index.ts";
import { deployAws } from "./aws/aws-platform.ts";
import { deployGcp } from "./gcp/gcp-platform.ts";
import { STATE_DATABASE_NAME } from "./gcp/runtime/state-instance.ts";
import { EMR_LOG_PREFIX } from "./aws/iam/platform-prefixes.ts";
import { compile } from "./plan/compile.ts";
import { environmentOf, lakeformValues } from "./plan/environment.ts";

const environment = environmentOf(pulumi.getStack(), lakeformValues(pulumi.runtime.allConfig()));
const plan = compile(buildAssetGraph(catalog), environment);
const awsPlatform = environment.cloud === "aws" ? await deployAws(plan) : undefined;
const gcpPlatform = environment.cloud === "gcp" ? await deployGcp(plan) : undefined;
const platform = awsPlatform ?? gcpPlatform;
if (platform === undefined) throw new Error(`Stack "${environment.name}": lakeform:cloud is "${environment.cloud}", which Lakeform cannot deploy. Fix: pulumi config set lakeform:cloud aws (or gcp).`);

/** The environment this stack deploys (from its configuration, defaults resolved). */
export const env = environment;
/** Every asset of the plan, in dependency order. */
export const assets = plan.tables.map((table) => table.asset);
/** Assets per tier. */
export const tiers = Object.fromEntries(plan.databases.map((database) => [database.tier, plan.tables.filter((t) => t.tier === database.tier).map((t) => t.asset)]));
/** Real bucket names by role (landing, raw, clean, curated, logs, artifacts). */
export const buckets = platform.bucketNames;
/** Catalog database names by tier: Glue databases on AWS, BigQuery datasets on GCP. */
export const databases = platform.databaseNames;
// AWS stacks: undefined on GCP (Pulumi leaves undefined outputs out).
/** The platform's KMS key. */
export const keyArn = awsPlatform?.storage.key.arn;
/** The roles of the runtime and of EMR. */
export const roles = awsPlatform === undefined ? undefined : {
  runtimeTask: awsPlatform.computeIam.taskRole.arn,
  runtimeExecution: awsPlatform.computeIam.taskExecutionRole.arn,
  emrService: awsPlatform.computeIam.emrServiceRole.arn,
  emrInstanceProfile: awsPlatform.computeIam.emrInstanceProfile.arn,
};
/** What an EMR run launches with: security configuration, subnets, and where its logs go. */
export const emr = awsPlatform === undefined ? undefined : {
  securityConfiguration: awsPlatform.computeIam.emrSecurityConfiguration.name,
  subnetIds: awsPlatform.runtime.subnets.map((subnet) => subnet.id),
  logUri: `s3://${awsPlatform.bucketNames.logs}/${EMR_LOG_PREFIX}`,
};
/** The secret holding `LAKEFORM_STATE_URL`. */
export const stateSecretArn = awsPlatform?.runtime.stateUrlSecret.arn;
/** The secret to put the PII key into (`aws secretsmanager put-secret-value`). */
export const piiKeySecretArn = awsPlatform?.runtime.piiKeySecret.arn;
/** Where each tick logs. */
export const logGroup = awsPlatform?.runtime.logGroup.name;
/** The tick's schedule and task definition. */
export const tick = awsPlatform === undefined ? undefined : { schedule: awsPlatform.runtime.schedule.name, cluster: awsPlatform.runtime.cluster.name, taskDefinition: awsPlatform.runtime.taskDefinition.arn };
/**
 * GCP stacks (undefined on AWS): the project and region, the platform's key, the service
 * accounts, the tick's Cloud Run job and Cloud Scheduler job, the state database (its
 * connection name and private IP), the Secret Manager secret ids to add versions to, and the
 * PII policy tags by kind.
 */
export const gcp = gcpPlatform === undefined ? undefined : {
  project: gcpPlatform.project.projectId,
  region: gcpPlatform.project.region,
  kmsKey: gcpPlatform.storage.key.id,
  serviceAccounts: { runtime: gcpPlatform.accounts.runtime.email, scheduler: gcpPlatform.accounts.scheduler.email },
  tick: { job: gcpPlatform.runtime.job.name, schedule: gcpPlatform.runtime.schedule.name },
  state: { instance: gcpPlatform.runtime.stateInstance.connectionName, privateIp: gcpPlatform.runtime.stateInstance.privateIpAddress, database: STATE_DATABASE_NAME },
  secrets: Object.fromEntries(Object.entries(gcpPlatform.runtime.secrets).map(([key, secret]) => [key, secret.secretId])),
  policyTags: gcpPlatform.governance.policyTagNames,
};
