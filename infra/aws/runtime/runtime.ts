import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import { dataResourceOptions, type AwsAccount } from "../aws-account.ts";
import { EMR_MANAGED_TAG } from "../iam/emr-policies.ts";
import { assumeRolePolicy } from "../iam/policy-document.ts";
import { runtimeEcrImage } from "./ecr-image.ts";
import { cloudWatchRetentionDays } from "./log-retention.ts";
import { endpointServiceName, INTERFACE_ENDPOINT_SERVICES, privateSubnetCidrs, VPC_CIDR } from "./network-plan.ts";
import { stateDatabaseInput, stateUrl } from "./state-database.ts";
import { taskExecutionPolicy } from "./task-execution-policy.ts";
import { tickContainerDefinitions, type TickEnvironment } from "./tick-container.ts";
import { scheduleExpression, schedulerRolePolicy } from "./tick-schedule.ts";

/** What {@link Runtime} deploys. */
export interface RuntimeArgs {
  readonly plan: PlatformPlan;
  readonly account: AwsAccount;
  /** Two availability zones of the region. */
  readonly zones: readonly string[];
  readonly keyArn: pulumi.Input<string>;
  readonly taskRole: aws.iam.Role;
  readonly taskExecutionRole: aws.iam.Role;
  /** The physical bucket names by role (the plan's names with the account appended). */
  readonly bucketNames: Readonly<Record<"raw" | "artifacts" | "logs", string>>;
  /** EMR's roles and security configuration, for the tick's `LAKEFORM_EMR`. */
  readonly emr: { readonly serviceRole: pulumi.Input<string>; readonly instanceProfile: pulumi.Input<string>; readonly securityConfiguration: pulumi.Input<string> };
}

/**
 * The runtime in the account (`lakeform:aws:Runtime`): `lakeform tick` every
 * `plan.scheduler.intervalMinutes` as an ECS Fargate task started by EventBridge Scheduler, in
 * private subnets of two zones without a NAT gateway (an S3 gateway endpoint and interface
 * endpoints instead), state in RDS PostgreSQL, secrets in Secrets Manager, logs in CloudWatch.
 *
 * The PII key (and the alert webhook, when the stack names one) are created without a value:
 * set them once with `aws secretsmanager put-secret-value --secret-id <name> --secret-string …`;
 * ticks cannot start before.
 */
export class Runtime extends pulumi.ComponentResource {
  readonly cluster: aws.ecs.Cluster;
  readonly taskDefinition: aws.ecs.TaskDefinition;
  readonly schedule: aws.scheduler.Schedule;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly stateUrlSecret: aws.secretsmanager.Secret;
  readonly piiKeySecret: aws.secretsmanager.Secret;
  readonly alertWebhookSecret: aws.secretsmanager.Secret | undefined;
  readonly stateDatabase: aws.rds.Instance;
  readonly subnets: readonly aws.ec2.Subnet[];
  readonly taskSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: RuntimeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:aws:Runtime", name, {}, opts);
    const { plan, account } = args;
    const prefix = plan.environment.prefix;
    const isProtected = plan.environment.protectData;
    const image = runtimeEcrImage(plan.environment);
    const keyArn = pulumi.output(args.keyArn);
    const parent = { parent: this };

    // The network: private subnets only; AWS APIs through endpoints, no NAT gateway.
    const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: VPC_CIDR, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${prefix}-runtime`, ...EMR_MANAGED_TAG } }, parent);
    const routes = new aws.ec2.RouteTable(`${name}-private`, { vpcId: vpc.id, tags: { Name: `${prefix}-private` } }, parent);
    const cidrs = privateSubnetCidrs(2);
    this.subnets = cidrs.map((cidrBlock, index) => {
      const subnet = new aws.ec2.Subnet(`${name}-private-${index}`, { vpcId: vpc.id, cidrBlock, availabilityZone: args.zones[index] ?? args.zones[0] ?? "", mapPublicIpOnLaunch: false, tags: { Name: `${prefix}-private-${index}`, ...EMR_MANAGED_TAG } }, parent);
      new aws.ec2.RouteTableAssociation(`${name}-private-${index}`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
      return subnet;
    });
    new aws.ec2.VpcEndpoint(`${name}-s3`, { vpcId: vpc.id, serviceName: endpointServiceName(account.region, "s3"), vpcEndpointType: "Gateway", routeTableIds: [routes.id] }, parent);
    const endpointsGroup = new aws.ec2.SecurityGroup(`${name}-endpoints`, { vpcId: vpc.id, description: "AWS API endpoints, from the runtime VPC", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [VPC_CIDR] }] }, parent);
    this.taskSecurityGroup = new aws.ec2.SecurityGroup(`${name}-tick`, {
      vpcId: vpc.id,
      description: "lakeform tick tasks: HTTPS to AWS endpoints and S3, PostgreSQL to the state database",
      egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [VPC_CIDR] }],
    }, parent);
    // Interface endpoints in the first zone only: each costs per hour and zone; tasks in the
    // second zone reach them across zones.
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      new aws.ec2.VpcEndpoint(`${name}-${service.replace(".", "-")}`, { vpcId: vpc.id, serviceName: endpointServiceName(account.region, service), vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: [this.subnets[0]!.id], securityGroupIds: [endpointsGroup.id] }, parent);
    }

    // Logs and secrets.
    this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { name: `/lakeform/${prefix}/tick`, retentionInDays: cloudWatchRetentionDays(plan.scheduler.logRetentionDays) }, parent);
    const secret = (id: string, secretName: string, description: string, protectedSecret: boolean) =>
      new aws.secretsmanager.Secret(`${name}-${id}`, { name: secretName, description, kmsKeyId: keyArn, recoveryWindowInDays: protectedSecret ? 30 : 7 }, { parent: this, ...dataResourceOptions(protectedSecret) });
    const secrets = plan.scheduler.secrets;
    this.stateUrlSecret = secret("state-url", secrets.stateUrl, "LAKEFORM_STATE_URL of the runtime (its password comes from the RDS-managed secret)", false);
    this.piiKeySecret = secret("pii-key", secrets.piiKey, "LAKEFORM_PII_KEY: the HMAC key PII is hashed with. Set it once with put-secret-value; changing it needs lakeform pii rotate-key.", isProtected);
    this.alertWebhookSecret = secrets.alertWebhook === undefined ? undefined : secret("alert-webhook", secrets.alertWebhook, "LAKEFORM_ALERT_WEBHOOK: the alert webhook URL. Set it with put-secret-value.", false);

    // State: RDS PostgreSQL in the private subnets, reachable from tick tasks only.
    const stateGroup = new aws.ec2.SecurityGroup(`${name}-state`, { vpcId: vpc.id, description: "The state database, from tick tasks", ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [this.taskSecurityGroup.id] }] }, parent);
    const subnetGroup = new aws.rds.SubnetGroup(`${name}-state`, { name: `${prefix}-state`, subnetIds: this.subnets.map((s) => s.id) }, parent);
    this.stateDatabase = new aws.rds.Instance(`${name}-state`, {
      ...stateDatabaseInput(plan, isProtected),
      kmsKeyId: keyArn,
      masterUserSecretKmsKeyId: keyArn,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [stateGroup.id],
    }, { parent: this, ...dataResourceOptions(isProtected) });
    new aws.secretsmanager.SecretVersion(`${name}-state-url`, { secretId: this.stateUrlSecret.id, secretString: pulumi.all([this.stateDatabase.address, this.stateDatabase.port]).apply(([address, port]) => stateUrl(address, port)) }, { parent: this.stateUrlSecret });
    const stateDatabaseSecretArn = this.stateDatabase.masterUserSecrets.apply((managed) => {
      const arn = managed?.[0]?.secretArn;
      if (arn === undefined) throw new Error(`Stack "${plan.environment.name}": the state database has no RDS-managed master secret. Fix: keep manageMasterUserPassword true on ${prefix}-state.`);
      return arn;
    });

    // The tick: an ECS Fargate task on a schedule.
    this.cluster = new aws.ecs.Cluster(`${name}-cluster`, { name: `${prefix}-runtime`, settings: [{ name: "containerInsights", value: "disabled" }] }, parent);
    const tickSecretArns = [this.stateUrlSecret.arn, stateDatabaseSecretArn, this.piiKeySecret.arn, ...(this.alertWebhookSecret === undefined ? [] : [this.alertWebhookSecret.arn])];
    new aws.iam.RolePolicy(`${name}-execution`, {
      role: args.taskExecutionRole.id,
      policy: pulumi.all([this.logGroup.arn, keyArn, pulumi.all(tickSecretArns)]).apply(([logGroupArn, key, secretArns]) => JSON.stringify(taskExecutionPolicy(account, image, logGroupArn, secretArns, key))),
    }, { parent: args.taskExecutionRole });
    const webhookArn = this.alertWebhookSecret?.arn ?? pulumi.output<string | undefined>(undefined);
    // Where the tick finds its data, engines and catalog: the plan's bucket names with the account appended.
    const where = pulumi.all([args.emr.serviceRole, args.emr.instanceProfile, args.emr.securityConfiguration, pulumi.all(this.subnets.map((subnet) => subnet.id))]).apply(([serviceRole, instanceProfile, securityConfiguration, subnetIds]): TickEnvironment => ({
      dataBuckets: args.bucketNames.raw.replace(/-raw-/, "-{tier}-"),
      artifactsBucket: args.bucketNames.artifacts,
      emr: { serviceRole, instanceProfile, securityConfiguration, subnetIds, logUri: `s3://${args.bucketNames.logs}/emr/` },
    }));
    this.taskDefinition = new aws.ecs.TaskDefinition(`${name}-tick`, {
      family: `${prefix}-tick`,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(plan.scheduler.cpu),
      memory: String(plan.scheduler.memoryMiB),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
      executionRoleArn: args.taskExecutionRole.arn,
      taskRoleArn: args.taskRole.arn,
      containerDefinitions: pulumi.all([this.stateUrlSecret.arn, stateDatabaseSecretArn, this.piiKeySecret.arn, webhookArn, this.logGroup.name, where]).apply(([stateUrlArn, databaseSecretArn, piiKeyArn, alertWebhookArn, logGroup, tickWhere]) =>
        JSON.stringify(tickContainerDefinitions(plan, { stateUrlArn, stateDatabaseSecretArn: databaseSecretArn, piiKeyArn, ...(alertWebhookArn === undefined ? {} : { alertWebhookArn }) }, logGroup, tickWhere)),
      ),
    }, parent);

    const schedulerRole = new aws.iam.Role(`${name}-scheduler`, { name: `${prefix}-tick-scheduler`, assumeRolePolicy: JSON.stringify(assumeRolePolicy("scheduler.amazonaws.com", account.accountId)) }, parent);
    new aws.iam.RolePolicy(`${name}-scheduler`, {
      role: schedulerRole.id,
      policy: pulumi.all([this.taskDefinition.arn, this.cluster.arn, args.taskRole.arn, args.taskExecutionRole.arn]).apply(([taskDefinitionArn, clusterArn, ...roles]) => JSON.stringify(schedulerRolePolicy(taskDefinitionArn, clusterArn, roles))),
    }, { parent: schedulerRole });
    this.schedule = new aws.scheduler.Schedule(`${name}-tick`, {
      name: `${prefix}-tick`,
      description: `lakeform tick for ${plan.environment.name}`,
      scheduleExpression: scheduleExpression(plan.scheduler.intervalMinutes),
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: this.cluster.arn,
        roleArn: schedulerRole.arn,
        ecsParameters: {
          taskDefinitionArn: this.taskDefinition.arn,
          launchType: "FARGATE",
          taskCount: 1,
          networkConfiguration: { subnets: this.subnets.map((s) => s.id), securityGroups: [this.taskSecurityGroup.id], assignPublicIp: false },
        },
        // A missed tick is not retried: the next one does its work.
        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
      },
    }, parent);
    this.registerOutputs({ logGroup: this.logGroup.name, stateUrlSecretArn: this.stateUrlSecret.arn, schedule: this.schedule.name });
  }
}
