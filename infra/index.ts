// The Pulumi program (`pulumi up` per stack): the stack's configuration → its Environment, the
// catalog → its AssetGraph (a broken catalog fails here, before any resource changes, with the
// validation message), both → the PlatformPlan, and the plan → the cloud's components. It
// exports what the runtime needs to find the platform.
import * as pulumi from "@pulumi/pulumi";
import { buildAssetGraph } from "lakeform";
import catalog from "../assets/index.ts";
import { deployAws } from "./aws/aws-platform.ts";
import { EMR_LOG_PREFIX } from "./aws/iam/platform-prefixes.ts";
import { compile } from "./plan/compile.ts";
import { environmentOf, lakeformValues } from "./plan/environment.ts";

const environment = environmentOf(pulumi.getStack(), lakeformValues(pulumi.runtime.allConfig()));
const plan = compile(buildAssetGraph(catalog), environment);
if (environment.cloud !== "aws") {
  throw new Error(`Stack "${environment.name}": lakeform:cloud is "${environment.cloud}", whose Pulumi components are not written yet (GCP comes with issue 12); \`lakeform plan --stack ${environment.name}\` shows what it would deploy. Fix: pulumi config set lakeform:cloud aws.`);
}
const platform = await deployAws(plan);
const { computeIam, runtime } = platform;

/** The environment this stack deploys (from its configuration, defaults resolved). */
export const env = environment;
/** Every asset of the plan, in dependency order. */
export const assets = plan.tables.map((table) => table.asset);
/** Assets per tier. */
export const tiers = Object.fromEntries(plan.databases.map((database) => [database.tier, plan.tables.filter((t) => t.tier === database.tier).map((t) => t.asset)]));
/** Real bucket names by role (landing, raw, clean, curated, logs, artifacts). */
export const buckets = platform.bucketNames;
/** Glue database names by tier. */
export const databases = platform.databaseNames;
/** The platform's KMS key. */
export const keyArn = platform.storage.key.arn;
/** The roles of the runtime and of EMR. */
export const roles = {
  runtimeTask: computeIam.taskRole.arn,
  runtimeExecution: computeIam.taskExecutionRole.arn,
  emrService: computeIam.emrServiceRole.arn,
  emrInstanceProfile: computeIam.emrInstanceProfile.arn,
};
/** What an EMR run launches with: security configuration, subnets, and where its logs go. */
export const emr = {
  securityConfiguration: computeIam.emrSecurityConfiguration.name,
  subnetIds: runtime.subnets.map((subnet) => subnet.id),
  logUri: `s3://${platform.bucketNames.logs}/${EMR_LOG_PREFIX}`,
};
/** The secret holding `LAKEFORM_STATE_URL`. */
export const stateSecretArn = runtime.stateUrlSecret.arn;
/** The secret to put the PII key into (`aws secretsmanager put-secret-value`). */
export const piiKeySecretArn = runtime.piiKeySecret.arn;
/** Where each tick logs. */
export const logGroup = runtime.logGroup.name;
/** The tick's schedule and task definition. */
export const tick = { schedule: runtime.schedule.name, cluster: runtime.cluster.name, taskDefinition: runtime.taskDefinition.arn };
