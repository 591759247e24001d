import type { DatabasePlan } from "../../plan/platform-plan.ts";
import { ENVIRONMENT_LABEL, labelValue, type GcpProject } from "../gcp-project.ts";

/** The inputs of one `gcp.bigquery.Dataset`, as plain data. */
export interface BigQueryDatasetArgs<Key = string> {
  readonly datasetId: string;
  readonly location: string;
  readonly description: string;
  /** New tables are encrypted with the platform's key (CMEK). */
  readonly defaultEncryptionConfiguration: { readonly kmsKeyName: Key };
  /** Unprotected datasets (dev) are destroyed with their tables; protected ones never. */
  readonly deleteContentsOnDestroy: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * A tier's BigQuery dataset, in the stack's region, encrypted by default with the platform's
 * key. Partition expiry is per table (from each asset's retention), not a dataset default.
 */
export function bigQueryDatasetArgs<Key>(database: DatabasePlan, project: GcpProject, environment: string, kmsKeyName: Key): BigQueryDatasetArgs<Key> {
  return {
    datasetId: database.name,
    location: project.region,
    description: `Lakeform ${environment}: the ${database.tier} tier`,
    defaultEncryptionConfiguration: { kmsKeyName },
    deleteContentsOnDestroy: !database.protected,
    labels: { [ENVIRONMENT_LABEL]: labelValue(environment), "lakeform-tier": database.tier },
  };
}
