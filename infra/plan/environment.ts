import type { EngineName, Tier } from "lakeform";
import { stackSchema } from "./stack-schema.ts";

/** The clouds Lakeform deploys to. */
export type Cloud = "aws" | "gcp";

/**
 * How long a bucket's objects stay in each storage class. Days count from an object's creation;
 * each step must come after the previous one. `expireAfterDays` deletes every object of the
 * bucket (landing and logs); tier buckets expire per asset, from the asset's `retentionDays`.
 */
export interface LifecycleRule {
  readonly infrequentAfterDays?: number;
  readonly archiveInstantAfterDays?: number;
  readonly archiveAfterDays?: number;
  readonly expireAfterDays?: number;
}

/** A role outside the platform that reads its tables (analysts, a BI tool). */
export interface Consumer {
  /** The role's name in Lakeform, e.g. `analysts`. */
  readonly name: string;
  /** The cloud principal: an IAM role ARN on AWS, `group:…`/`serviceAccount:…` on GCP. */
  readonly principal: string;
  /** The tiers it reads. */
  readonly tiers: readonly Tier[];
  /** Whether it may read columns holding (treated) personal data. */
  readonly pii: boolean;
}

/** The ephemeral EMR cluster each `emr` run launches. */
export interface EmrCluster {
  readonly releaseLabel: string;
  /** Preferred first: the primary node takes the first; spot core capacity spreads across all (at least three). */
  readonly instanceTypes: readonly string[];
  readonly coreNodes: number;
  readonly spot: boolean;
}

/** One environment's settings, from its stack configuration (`Pulumi.<stack>.yaml`), defaults resolved. */
export interface Environment {
  /** The stack's name, e.g. `dev`. */
  readonly name: string;
  /** `lakeform:cloud`. @default "aws" */
  readonly cloud: Cloud;
  /** `lakeform:region`. */
  readonly region: string;
  /** `lakeform:gcpProject`: the Google Cloud project a GCP stack deploys into (set only on GCP). */
  readonly gcpProject?: string;
  /** `lakeform:prefix`: of every resource name, e.g. `lf-dev`. */
  readonly prefix: string;
  /** `lakeform:protectData`: protect data resources from deletion. @default true */
  readonly protectData: boolean;
  /** `lakeform:defaultEngine`: where assets without an `engine` of their own run. @default "duckdb" */
  readonly defaultEngine: EngineName;
  /** `lakeform:lifecycle`: per bucket, merged over {@link DEFAULT_LIFECYCLE}. */
  readonly lifecycle: Readonly<Record<"landing" | Tier | "logs" | "artifacts", LifecycleRule>>;
  /** `lakeform:consumers`: roles that read the platform's tables, by name. @default none */
  readonly consumers: readonly Consumer[];
  /** `lakeform:schedulerInterval`, in minutes: how often `lakeform tick` runs. @default 15 */
  readonly schedulerIntervalMinutes: number;
  /** `lakeform:runtimeImage`: the container image of the runtime (built from the repo's Dockerfile). */
  readonly runtimeImage: string;
  /** `lakeform:alertWebhookSecret`: the secret holding the alert webhook URL. @default none: alerts go to the logs */
  readonly alertWebhookSecret: string | undefined;
  /** `lakeform:emr`: the cluster of `emr` runs. @default {@link DEFAULT_EMR_CLUSTER} */
  readonly emr: EmrCluster;
  /** `lakeform:logRetentionDays`: of the runtime's logs. @default 30 */
  readonly logRetentionDays: number;
  /**
   * `lakeform:policies`: governance rule levels for this stack, by rule id, over each rule's
   * default (`lakeform policy list` shows them). Left out of the environment when unset.
   * @default every rule at its default level
   */
  readonly policies?: Readonly<Record<string, PolicyLevel>>;
  /**
   * `lakeform:maxPiiRetentionDays`: the longest retention an asset holding personal data may
   * declare in this stack (checked by the `pii-retention` rule). Left out when unset.
   * @default no maximum
   */
  readonly maxPiiRetentionDays?: number;
}

/** How strongly a governance rule is enforced in a stack (the same values as policies' `EnforcementLevel`). */
export type PolicyLevel = "advisory" | "mandatory" | "disabled";

/** A stack's `lakeform:*` values, namespace stripped: text as Pulumi holds it, or structured values from YAML. */
export type StackValues = Readonly<Record<string, unknown>>;

/**
 * Validates a stack's values into its {@link Environment}: pure, no Pulumi import, so plans and
 * policies can use it without a Pulumi engine. Every problem is collected and thrown once, each
 * naming the key, its value and the `pulumi config set` that fixes it.
 *
 * @example environmentOf("dev", { cloud: "aws", region: "eu-west-1", prefix: "lf-dev", runtimeImage: "…/lakeform:0.1.0" })
 */
export function environmentOf(stack: string, values: StackValues): Environment {
  return stackSchema(stack).parse(values);
}

/**
 * The `lakeform:*` values of a whole configuration (`pulumi.runtime.allConfig()`, or the
 * `config:` of a `Pulumi.<stack>.yaml`), namespace stripped; other namespaces are left out.
 */
export function lakeformValues(config: Readonly<Record<string, unknown>>): StackValues {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) if (key.startsWith("lakeform:")) values[key.slice("lakeform:".length)] = value;
  return values;
}
