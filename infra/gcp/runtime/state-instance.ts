import type { PlatformPlan } from "../../plan/platform-plan.ts";
import { ENVIRONMENT_LABEL, labelValue } from "../gcp-project.ts";

/** The PostgreSQL version of the state database. */
export const STATE_DATABASE_VERSION = "POSTGRES_16";
/** The database the runtime's state lives in. */
export const STATE_DATABASE_NAME = "lakeform";

/** `gcp.sql.DatabaseInstance`'s `settings`, as plain data, but for the private network. */
export interface StateInstanceSettings {
  readonly tier: string;
  /** Enterprise: the edition with shared-core tiers (Enterprise Plus, the default for PostgreSQL 16, has none). */
  readonly edition: "ENTERPRISE";
  readonly availabilityType: "ZONAL";
  readonly diskType: "PD_SSD";
  readonly diskSize: number;
  readonly diskAutoresize: true;
  readonly deletionProtectionEnabled: boolean;
  readonly backupConfiguration: { readonly enabled: true; readonly startTime: string; readonly pointInTimeRecoveryEnabled: boolean; readonly backupRetentionSettings: { readonly retainedBackups: number } };
  readonly ipConfiguration: { readonly ipv4Enabled: false; readonly sslMode: "ENCRYPTED_ONLY" };
  readonly userLabels: Readonly<Record<string, string>>;
}

/**
 * The state database on Cloud SQL for PostgreSQL: the plan's smallest tier (`db-f1-micro`),
 * one zone, SSD storage that grows, private IP only with TLS required, daily backups kept a
 * week (with point-in-time recovery in protected stacks), deletion protection — in Cloud SQL
 * and in Pulumi — when the stack protects its data.
 */
export function stateInstanceSettings(plan: Pick<PlatformPlan, "scheduler" | "environment">): StateInstanceSettings {
  const isProtected = plan.environment.protectData;
  return {
    tier: plan.scheduler.state.instanceClass,
    edition: "ENTERPRISE",
    availabilityType: "ZONAL",
    diskType: "PD_SSD",
    diskSize: plan.scheduler.state.storageGiB,
    diskAutoresize: true,
    deletionProtectionEnabled: isProtected,
    backupConfiguration: { enabled: true, startTime: "02:00", pointInTimeRecoveryEnabled: isProtected, backupRetentionSettings: { retainedBackups: 7 } },
    ipConfiguration: { ipv4Enabled: false, sslMode: "ENCRYPTED_ONLY" },
    userLabels: { [ENVIRONMENT_LABEL]: labelValue(plan.environment.name) },
  };
}
