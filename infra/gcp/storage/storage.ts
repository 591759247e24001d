import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { BucketRole, PlatformPlan } from "../../plan/platform-plan.ts";
import { dataResourceOptions, type GcpProject } from "../gcp-project.ts";
import { gcsBucketArgs } from "./bucket-args.ts";
import { KEY_DESTROY_DELAY, KEY_ROTATION_PERIOD, KEY_USER_ROLE, keyRingName, serviceAgentMember } from "./platform-key.ts";

/** What {@link Storage} deploys. */
export interface StorageArgs {
  readonly plan: PlatformPlan;
  readonly project: GcpProject;
  /** The Cloud Storage and BigQuery service agents of the project: they encrypt with the key. */
  readonly serviceAgents: { readonly storage: pulumi.Input<string>; readonly bigquery: pulumi.Input<string> };
}

/**
 * The platform's key and object storage on GCP (`lakeform:gcp:Storage`): a Cloud KMS key ring
 * and key in the stack's region, rotated every 90 days, which the Cloud Storage and BigQuery
 * service agents may use (and nobody else); one bucket per bucket of the plan
 * ({@link gcsBucketArgs}: uniform access, public access prevention, versioning, CMEK, the
 * plan's lifecycle), created once the storage agent may use the key. Data buckets of a
 * protected stack, and the key when any data is protected, are protected and retained on
 * delete.
 */
export class Storage extends pulumi.ComponentResource {
  /** Encrypts every bucket and every BigQuery dataset. */
  readonly key: gcp.kms.CryptoKey;
  /** Grants of the key to the service agents: create encrypted resources after them. */
  readonly keyGrants: { readonly storage: gcp.kms.CryptoKeyIAMMember; readonly bigquery: gcp.kms.CryptoKeyIAMMember };
  readonly bucketNames: Readonly<Record<BucketRole, string>>;
  readonly buckets: ReadonlyMap<BucketRole, gcp.storage.Bucket>;

  constructor(name: string, args: StorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:gcp:Storage", name, {}, opts);
    const { plan, project } = args;
    const anyProtected = plan.buckets.some((b) => b.protected);
    const ring = new gcp.kms.KeyRing(`${name}-ring`, { name: keyRingName(plan.environment.prefix), location: project.region }, { parent: this, ...dataResourceOptions(anyProtected) });
    this.key = new gcp.kms.CryptoKey(`${name}-key`, {
      name: "data",
      keyRing: ring.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: KEY_ROTATION_PERIOD,
      destroyScheduledDuration: KEY_DESTROY_DELAY,
    }, { parent: this, ...dataResourceOptions(anyProtected) });
    const grant = (agent: string, member: pulumi.Input<string>) =>
      new gcp.kms.CryptoKeyIAMMember(`${name}-key-${agent}`, { cryptoKeyId: this.key.id, role: KEY_USER_ROLE, member: pulumi.output(member).apply(serviceAgentMember) }, { parent: this.key });
    this.keyGrants = { storage: grant("storage", args.serviceAgents.storage), bigquery: grant("bigquery", args.serviceAgents.bigquery) };

    const buckets = new Map<BucketRole, gcp.storage.Bucket>();
    const names: Partial<Record<BucketRole, string>> = {};
    for (const planned of plan.buckets) {
      const input = gcsBucketArgs(planned, project, plan.environment.name, this.key.id);
      names[planned.role] = input.name;
      const bucket = new gcp.storage.Bucket(`${name}-${planned.role}`, input, { parent: this, dependsOn: [this.keyGrants.storage], ...dataResourceOptions(planned.protected) });
      buckets.set(planned.role, bucket);
    }
    this.bucketNames = Object.freeze(names as Record<BucketRole, string>);
    this.buckets = buckets;
    this.registerOutputs({ keyId: this.key.id, bucketNames: this.bucketNames });
  }
}
