import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan, SchedulerPlan } from "../../plan/platform-plan.ts";
import { dataResourceOptions, ENVIRONMENT_LABEL, labelValue, type GcpProject } from "../gcp-project.ts";
import { PRIVATE_SERVICES_PREFIX_LENGTH, RUNTIME_SUBNET_CIDR, SERVICE_NETWORKING } from "./network-plan.ts";
import { secretId } from "./secret-id.ts";
import { STATE_DATABASE_NAME, STATE_DATABASE_VERSION, stateInstanceSettings } from "./state-instance.ts";
import { tickCron } from "./tick-cron.ts";
import { runJobUrl, tickContainer, tickEnvironmentOf, tickTimeoutSeconds } from "./tick-job.ts";

/** What {@link Runtime} deploys. */
export interface RuntimeArgs {
  readonly plan: PlatformPlan;
  readonly project: GcpProject;
  /** The tick job runs as it. */
  readonly runtimeAccount: gcp.serviceaccount.Account;
  /** Cloud Scheduler calls `jobs.run` with its token. */
  readonly schedulerAccount: gcp.serviceaccount.Account;
}

/**
 * The runtime in the project (`lakeform:gcp:Runtime`): `lakeform tick` every
 * `plan.scheduler.intervalMinutes` as a Cloud Run job started by Cloud Scheduler (an HTTP call
 * to the job's `:run` with an OAuth token of the scheduler's service account), reaching its
 * state — Cloud SQL for PostgreSQL on a private IP (private services access), TLS required —
 * by Direct VPC egress (no connector to pay for), its secrets from Secret Manager.
 *
 * The secrets are created without a value (Pulumi never holds them): after the first
 * `pulumi up`, create the database user and put the state URL, the PII key and the webhook
 * with `gcloud secrets versions add <id> --data-file=-`; ticks cannot start before.
 */
export class Runtime extends pulumi.ComponentResource {
  readonly network: gcp.compute.Network;
  readonly stateInstance: gcp.sql.DatabaseInstance;
  readonly secrets: Readonly<Partial<Record<keyof SchedulerPlan["secrets"], gcp.secretmanager.Secret>>>;
  readonly job: gcp.cloudrunv2.Job;
  readonly schedule: gcp.cloudscheduler.Job;

  constructor(name: string, args: RuntimeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:gcp:Runtime", name, {}, opts);
    const { plan, project } = args;
    const prefix = plan.environment.prefix;
    const isProtected = plan.environment.protectData;
    const parent = { parent: this };
    const labels = { [ENVIRONMENT_LABEL]: labelValue(plan.environment.name) };

    // The network: one subnet for the job's Direct VPC egress; a range peered with Google's
    // service producers for Cloud SQL's private IP. No public IP anywhere.
    this.network = new gcp.compute.Network(`${name}-vpc`, { name: `${prefix}-runtime`, autoCreateSubnetworks: false, description: `Lakeform ${plan.environment.name}: the tick job and its state database` }, parent);
    const subnet = new gcp.compute.Subnetwork(`${name}-subnet`, { name: `${prefix}-runtime`, network: this.network.id, region: project.region, ipCidrRange: RUNTIME_SUBNET_CIDR, privateIpGoogleAccess: true }, parent);
    const range = new gcp.compute.GlobalAddress(`${name}-services-range`, { name: `${prefix}-private-services`, network: this.network.id, purpose: "VPC_PEERING", addressType: "INTERNAL", prefixLength: PRIVATE_SERVICES_PREFIX_LENGTH }, parent);
    const peering = new gcp.servicenetworking.Connection(`${name}-services`, { network: this.network.id, service: SERVICE_NETWORKING, reservedPeeringRanges: [range.name] }, parent);

    // State: Cloud SQL for PostgreSQL, private IP only.
    const settings = stateInstanceSettings(plan);
    this.stateInstance = new gcp.sql.DatabaseInstance(`${name}-state`, {
      name: `${prefix}-state`,
      region: project.region,
      databaseVersion: STATE_DATABASE_VERSION,
      deletionProtection: isProtected,
      settings: { ...settings, ipConfiguration: { ...settings.ipConfiguration, privateNetwork: this.network.id } },
    }, { parent: this, dependsOn: [peering], ...dataResourceOptions(isProtected) });
    new gcp.sql.Database(`${name}-state-database`, { name: STATE_DATABASE_NAME, instance: this.stateInstance.name }, { parent: this.stateInstance, ...dataResourceOptions(isProtected) });

    // Secrets, created empty, kept in the stack's region.
    const secret = (key: keyof SchedulerPlan["secrets"], planned: string, purpose: string, protectedSecret: boolean) =>
      new gcp.secretmanager.Secret(`${name}-${key}`, {
        secretId: secretId(planned),
        replication: { userManaged: { replicas: [{ location: project.region }] } },
        labels: { ...labels, "lakeform-secret": labelValue(key) },
        annotations: { purpose },
      }, { parent: this, ...dataResourceOptions(protectedSecret) });
    const planned = plan.scheduler.secrets;
    const stateUrl = secret("stateUrl", planned.stateUrl, "LAKEFORM_STATE_URL: postgres://lakeform:<password>@<private IP>:5432/lakeform?sslmode=require", false);
    const piiKey = secret("piiKey", planned.piiKey, "LAKEFORM_PII_KEY: the HMAC key PII is hashed with; changing it needs lakeform pii rotate-key", isProtected);
    const alertWebhook = planned.alertWebhook === undefined ? undefined : secret("alertWebhook", planned.alertWebhook, "LAKEFORM_ALERT_WEBHOOK: the alert webhook URL", false);
    this.secrets = Object.freeze({ stateUrl, piiKey, ...(alertWebhook === undefined ? {} : { alertWebhook }) });

    // The tick: a Cloud Run job, one task, no retries (the next tick does the work).
    const container = tickContainer(plan, project.projectId, { stateUrl: secretId(planned.stateUrl), piiKey: secretId(planned.piiKey), ...(planned.alertWebhook === undefined ? {} : { alertWebhook: secretId(planned.alertWebhook) }) }, tickEnvironmentOf(plan, project.projectId));
    this.job = new gcp.cloudrunv2.Job(`${name}-tick`, {
      name: `${prefix}-tick`,
      location: project.region,
      deletionProtection: false,
      labels,
      template: {
        taskCount: 1,
        parallelism: 1,
        template: {
          serviceAccount: args.runtimeAccount.email,
          maxRetries: 0,
          timeout: `${tickTimeoutSeconds(plan.scheduler.intervalMinutes)}s`,
          containers: [container],
          vpcAccess: { networkInterfaces: [{ network: this.network.name, subnetwork: subnet.name }], egress: "PRIVATE_RANGES_ONLY" },
        },
      },
    }, { parent: this, dependsOn: [stateUrl, piiKey, ...(alertWebhook === undefined ? [] : [alertWebhook])] });

    this.schedule = new gcp.cloudscheduler.Job(`${name}-schedule`, {
      name: `${prefix}-tick`,
      region: project.region,
      description: `lakeform tick for ${plan.environment.name}`,
      schedule: tickCron(plan.scheduler.intervalMinutes),
      timeZone: "Etc/UTC",
      attemptDeadline: "60s",
      // A missed tick is not retried: the next one does its work.
      retryConfig: { retryCount: 0 },
      httpTarget: {
        httpMethod: "POST",
        uri: this.job.name.apply((job) => runJobUrl(project.projectId, project.region, job)),
        oauthToken: { serviceAccountEmail: args.schedulerAccount.email, scope: "https://www.googleapis.com/auth/cloud-platform" },
      },
    }, parent);
    this.registerOutputs({ job: this.job.name, schedule: this.schedule.name, stateConnection: this.stateInstance.connectionName });
  }
}
