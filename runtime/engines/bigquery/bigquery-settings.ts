import type { ByteSize } from "../../core/declare/byte-size.ts";

/** Where the BigQuery engine works: the stack's project, location and naming, read from the GCP stack's outputs. */
export interface BigQuerySettings {
  /** The GCP project jobs run and bill in, and that holds the datasets, e.g. `acme-data-prod`. */
  readonly project: string;
  /** The datasets' location, e.g. `EU` or `europe-west1`; jobs run there. */
  readonly location: string;
  /** The environment's naming prefix (`lf-prod` → datasets `lf_prod_clean`, …), as the Pulumi program names them. */
  readonly prefix: string;
  /** The environment's name, a label on every job (`lakeform_env`). */
  readonly environment: string;
  /**
   * `maximumBytesBilled` of assets whose cost guard sets none: no job runs without one.
   * @default "1TB"
   */
  readonly defaultMaxBytesBilled?: ByteSize;
  /** How long staging tables live (BigQuery deletes them after). @default 24 hours */
  readonly stagingExpirationMs?: number;
}
