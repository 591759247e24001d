import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TIERS, type Tier } from "lakeform";
import type { BucketRole, PlatformPlan } from "../plan/platform-plan.ts";
import { ENVIRONMENT_TAG, type AwsAccount } from "./aws-account.ts";
import { Catalog } from "./catalog/catalog.ts";
import { Access } from "./governance/access.ts";
import { Governance } from "./governance/governance.ts";
import { ComputeIam } from "./iam/compute-iam.ts";
import { Runtime } from "./runtime/runtime.ts";
import { Storage } from "./storage/storage.ts";

/** The deployed platform: its components, and the names the runtime needs. */
export interface AwsPlatform {
  readonly account: AwsAccount;
  readonly storage: Storage;
  readonly governance: Governance;
  readonly catalog: Catalog;
  readonly computeIam: ComputeIam;
  readonly access: Access;
  readonly runtime: Runtime;
  /** Real bucket names by role. */
  readonly bucketNames: Readonly<Record<BucketRole, string>>;
  /** Glue database names by tier. */
  readonly databaseNames: Readonly<Record<Tier, string>>;
}

/**
 * Deploys a plan to AWS: a provider for the stack's region that tags every resource with its
 * environment, the account resolved once (its id makes bucket names global; the deploying
 * role becomes the Lake Formation administrator), then the components in dependency order —
 * Storage, Governance, Catalog (after the Lake Formation settings), ComputeIam, Access, Runtime.
 */
export async function deployAws(plan: PlatformPlan): Promise<AwsPlatform> {
  const environment = plan.environment;
  const provider = new aws.Provider("aws", { region: environment.region as aws.Region, defaultTags: { tags: { [ENVIRONMENT_TAG]: environment.name, "lakeform:prefix": environment.prefix } } });
  const invoke = { provider };
  const [identity, partition, zones] = await Promise.all([aws.getCallerIdentity({}, invoke), aws.getPartition({}, invoke), aws.getAvailabilityZones({ state: "available" }, invoke)]);
  const deployer = await aws.iam.getSessionContext({ arn: identity.arn }, invoke);
  const account: AwsAccount = { accountId: identity.accountId, region: environment.region, partition: partition.partition };
  if (zones.names.length < 2) throw new Error(`Stack "${environment.name}": region ${environment.region} offers ${zones.names.length} availability zone(s) to this account; the state database needs two. Fix: pulumi config set lakeform:region to a region with at least two zones.`);

  const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };
  const storage = new Storage("storage", { plan, account }, opts);
  const governance = new Governance("governance", { plan, account, keyArn: storage.key.arn, admins: [deployer.issuerArn] }, opts);
  const catalog = new Catalog("catalog", { plan, account }, { ...opts, dependsOn: [governance.settings] });
  const computeIam = new ComputeIam("compute", { plan, account, keyArn: storage.key.arn }, opts);
  const access = new Access("access", { plan, catalog, governance, writers: [{ name: "runtime", arn: computeIam.taskRole.arn }, { name: "emr-nodes", arn: computeIam.emrInstanceRole.arn }] }, opts);
  const runtime = new Runtime(
    "runtime",
    {
      plan,
      account,
      zones: zones.names.slice(0, 2),
      keyArn: storage.key.arn,
      taskRole: computeIam.taskRole,
      taskExecutionRole: computeIam.taskExecutionRole,
      bucketNames: storage.bucketNames,
      emr: { serviceRole: computeIam.emrServiceRole.arn, instanceProfile: computeIam.emrInstanceProfile.name, securityConfiguration: computeIam.emrSecurityConfiguration.name },
    },
    opts,
  );
  const databaseNames = Object.fromEntries(TIERS.map((tier) => [tier, plan.databases.find((d) => d.tier === tier)?.name ?? ""])) as Record<Tier, string>;
  return { account, storage, governance, catalog, computeIam, access, runtime, bucketNames: storage.bucketNames, databaseNames };
}
