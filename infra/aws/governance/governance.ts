import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import { bucketArn, type AwsAccount } from "../aws-account.ts";
import { assumeRolePolicy } from "../iam/policy-document.ts";
import { lakeFormationRolePolicy, tierBuckets } from "./lake-formation-role-policy.ts";
import { lfTagDefinitions } from "./lf-tags.ts";

/** What {@link Governance} deploys. */
export interface GovernanceArgs {
  readonly plan: PlatformPlan;
  readonly account: AwsAccount;
  /** The platform's KMS key (the tier buckets are encrypted with it). */
  readonly keyArn: pulumi.Input<string>;
  /**
   * Lake Formation administrators: IAM role or user ARNs (not STS session ARNs). The deploying
   * role must be one, since it creates the tables, tags and grants.
   */
  readonly admins: pulumi.Input<string>[];
}

/**
 * Lake Formation for the platform (`lakeform:aws:Governance`): the data-lake settings (the
 * given administrators; no IAMAllowedPrincipals default permissions, so only Lake Formation
 * grants open tables), the tier buckets registered as data locations through a role of their
 * own, and the LF-tags `tier`, `domain` and `pii`. Create the {@link Catalog} after it
 * (`dependsOn: governance.settings`), then {@link Access}.
 */
export class Governance extends pulumi.ComponentResource {
  readonly settings: aws.lakeformation.DataLakeSettings;
  readonly tags: readonly aws.lakeformation.LfTag[];
  readonly locations: readonly aws.lakeformation.Resource[];
  /** The ARNs of the registered locations (the tier buckets). */
  readonly locationArns: readonly string[];

  constructor(name: string, args: GovernanceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:aws:Governance", name, {}, opts);
    const { plan, account } = args;
    const prefix = plan.environment.prefix;
    // Omitting the default permissions leaves them empty: new databases and tables grant
    // nothing to IAMAllowedPrincipals, so IAM alone does not open them.
    this.settings = new aws.lakeformation.DataLakeSettings(`${name}-settings`, { admins: args.admins }, { parent: this });
    const role = new aws.iam.Role(`${name}-locations-role`, { name: `${prefix}-lakeformation-locations`, assumeRolePolicy: JSON.stringify(assumeRolePolicy("lakeformation.amazonaws.com", account.accountId)) }, { parent: this });
    new aws.iam.RolePolicy(`${name}-locations-policy`, { role: role.id, policy: pulumi.output(args.keyArn).apply((keyArn) => JSON.stringify(lakeFormationRolePolicy(plan, account, keyArn))) }, { parent: role });
    this.locationArns = tierBuckets(plan, account).map((bucket) => bucketArn(account, bucket));
    this.locations = this.locationArns.map((arn, index) => new aws.lakeformation.Resource(`${name}-location-${plan.databases[index]?.tier ?? index}`, { arn, roleArn: role.arn }, { parent: this, dependsOn: [this.settings] }));
    this.tags = lfTagDefinitions(plan).map((tag) => new aws.lakeformation.LfTag(`${name}-tag-${tag.key}`, { key: tag.key, values: [...tag.values] }, { parent: this, dependsOn: [this.settings] }));
    this.registerOutputs({ locationArns: this.locationArns });
  }
}
