import type { PlatformPlan } from "../../plan/platform-plan.ts";

/** Where the runtime image keeps the RDS certificate bundle (the Dockerfile downloads it). */
export const RDS_CA_BUNDLE_PATH = "/etc/ssl/certs/rds-global-bundle.pem";

/** The state database's user and database name. */
export const STATE_DATABASE = Object.freeze({ user: "lakeform", database: "lakeform", port: 5432 });

/** The inputs of the runtime's RDS PostgreSQL instance (network, key and secret come from the component). */
export interface StateDatabaseInput {
  readonly identifier: string;
  readonly engine: "postgres";
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly allocatedStorage: number;
  readonly storageType: "gp3";
  readonly storageEncrypted: true;
  readonly dbName: string;
  readonly username: string;
  readonly port: number;
  /** RDS generates the password and keeps it in Secrets Manager: it never passes through Pulumi state. */
  readonly manageMasterUserPassword: true;
  readonly publiclyAccessible: false;
  readonly multiAz: false;
  readonly deletionProtection: boolean;
  readonly skipFinalSnapshot: boolean;
  readonly finalSnapshotIdentifier?: string;
  readonly backupRetentionPeriod: number;
  readonly autoMinorVersionUpgrade: true;
  readonly copyTagsToSnapshot: true;
}

/**
 * The runtime's state database: the plan's (smallest Graviton) class, encrypted, private, with
 * backups; in a protected stack deletion protection, a final snapshot and a week of backups.
 */
export function stateDatabaseInput(plan: Pick<PlatformPlan, "scheduler" | "environment">, isProtected: boolean): StateDatabaseInput {
  const identifier = `${plan.environment.prefix}-state`;
  return {
    identifier,
    engine: "postgres",
    engineVersion: "16",
    instanceClass: plan.scheduler.state.instanceClass,
    allocatedStorage: plan.scheduler.state.storageGiB,
    storageType: "gp3",
    storageEncrypted: true,
    dbName: STATE_DATABASE.database,
    username: STATE_DATABASE.user,
    port: STATE_DATABASE.port,
    manageMasterUserPassword: true,
    publiclyAccessible: false,
    multiAz: false,
    deletionProtection: isProtected,
    skipFinalSnapshot: !isProtected,
    ...(isProtected ? { finalSnapshotIdentifier: `${identifier}-final` } : {}),
    backupRetentionPeriod: isProtected ? 7 : 1,
    autoMinorVersionUpgrade: true,
    copyTagsToSnapshot: true,
  };
}

/**
 * `LAKEFORM_STATE_URL` of the runtime: the instance's address, TLS verified against the RDS
 * certificate bundle, and no password — the task gets it as `PGPASSWORD` from the secret RDS
 * manages (and rotates), which node-postgres reads when the URL has none.
 */
export function stateUrl(address: string, port: number = STATE_DATABASE.port): string {
  return `postgres://${STATE_DATABASE.user}@${address}:${port}/${STATE_DATABASE.database}?sslmode=verify-full&sslrootcert=${encodeURIComponent(RDS_CA_BUNDLE_PATH)}`;
}
