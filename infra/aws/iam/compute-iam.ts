import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import type { AwsAccount } from "../aws-account.ts";
import { emrInstancePolicy, emrServiceExtraPolicy, EMR_SERVICE_MANAGED_POLICY } from "./emr-policies.ts";
import { emrSecurityConfiguration } from "./emr-security-configuration.ts";
import { assumeRolePolicy } from "./policy-document.ts";
import { runtimeTaskPolicy } from "./runtime-task-policy.ts";

/** What {@link ComputeIam} deploys. */
export interface ComputeIamArgs {
  readonly plan: PlatformPlan;
  readonly account: AwsAccount;
  readonly keyArn: pulumi.Input<string>;
}

/**
 * Who computes (`lakeform:aws:ComputeIam`), with least privilege: the EMR service role, the EMR
 * nodes' role and instance profile ({@link emrInstancePolicy}), the runtime's ECS task role
 * ({@link runtimeTaskPolicy}) and its task execution role (its policy comes with the
 * {@link Runtime}, which owns the secrets and the log group), and the EMR security
 * configuration ({@link emrSecurityConfiguration}).
 */
export class ComputeIam extends pulumi.ComponentResource {
  readonly emrServiceRole: aws.iam.Role;
  readonly emrInstanceRole: aws.iam.Role;
  readonly emrInstanceProfile: aws.iam.InstanceProfile;
  readonly taskRole: aws.iam.Role;
  readonly taskExecutionRole: aws.iam.Role;
  readonly emrSecurityConfiguration: aws.emr.SecurityConfiguration;

  constructor(name: string, args: ComputeIamArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:aws:ComputeIam", name, {}, opts);
    const { plan, account } = args;
    const prefix = plan.environment.prefix;
    const keyArn = pulumi.output(args.keyArn);
    const role = (id: string, roleName: string, service: string) =>
      new aws.iam.Role(`${name}-${id}`, { name: roleName, assumeRolePolicy: JSON.stringify(assumeRolePolicy(service, account.accountId)) }, { parent: this });

    this.emrServiceRole = role("emr-service", `${prefix}-emr-service`, "elasticmapreduce.amazonaws.com");
    this.emrInstanceRole = new aws.iam.Role(`${name}-emr-nodes`, { name: `${prefix}-emr-nodes`, assumeRolePolicy: JSON.stringify(assumeRolePolicy("ec2.amazonaws.com")) }, { parent: this });
    this.emrInstanceProfile = new aws.iam.InstanceProfile(`${name}-emr-nodes`, { name: `${prefix}-emr-nodes`, role: this.emrInstanceRole.name }, { parent: this });
    this.taskRole = role("task", `${prefix}-runtime-task`, "ecs-tasks.amazonaws.com");
    this.taskExecutionRole = role("task-execution", `${prefix}-runtime-execution`, "ecs-tasks.amazonaws.com");

    new aws.iam.RolePolicyAttachment(`${name}-emr-service-managed`, { role: this.emrServiceRole.name, policyArn: `arn:${account.partition}:iam::aws:policy/${EMR_SERVICE_MANAGED_POLICY}` }, { parent: this.emrServiceRole });
    new aws.iam.RolePolicy(`${name}-emr-service`, { role: this.emrServiceRole.id, policy: pulumi.all([this.emrInstanceRole.arn, keyArn]).apply(([instanceRoleArn, key]) => JSON.stringify(emrServiceExtraPolicy(instanceRoleArn, key))) }, { parent: this.emrServiceRole });
    new aws.iam.RolePolicy(`${name}-emr-nodes`, { role: this.emrInstanceRole.id, policy: keyArn.apply((key) => JSON.stringify(emrInstancePolicy(plan, account, key))) }, { parent: this.emrInstanceRole });
    new aws.iam.RolePolicy(`${name}-task`, {
      role: this.taskRole.id,
      policy: pulumi.all([keyArn, this.emrServiceRole.arn, this.emrInstanceRole.arn]).apply(([key, emrServiceRoleArn, emrInstanceRoleArn]) => JSON.stringify(runtimeTaskPolicy(plan, account, { keyArn: key, emrServiceRoleArn, emrInstanceRoleArn }))),
    }, { parent: this.taskRole });

    this.emrSecurityConfiguration = new aws.emr.SecurityConfiguration(`${name}-emr-security`, { name: `${prefix}-emr`, configuration: keyArn.apply((key) => JSON.stringify(emrSecurityConfiguration(key))) }, { parent: this });
    this.registerOutputs({ taskRoleArn: this.taskRole.arn, emrServiceRoleArn: this.emrServiceRole.arn, emrInstanceProfileArn: this.emrInstanceProfile.arn });
  }
}
