/**
 * List prices the cost estimate uses, in USD, per region: a small dated table, not a live
 * feed. Update `asOf` and the figures together, from the sources named.
 */
export interface PriceTable {
  readonly region: string;
  readonly asOf: string;
  readonly source: string;
  /** Object storage, per GiB-month, by storage class. */
  readonly storage: { readonly standard: number; readonly infrequent: number; readonly archiveInstant: number; readonly archive: number };
  /** Serverless containers: per vCPU-hour and per GiB-hour (Fargate; Cloud Run jobs). */
  readonly container: { readonly vcpuHour: number; readonly gibHour: number };
  /** The state database: per instance-hour of the smallest class, and per GiB-month of storage. */
  readonly database: { readonly instanceHour: number; readonly storageGibMonth: number };
  /** One customer-managed key, per month. */
  readonly keyMonth: number;
  /** One secret, per month. */
  readonly secretMonth: number;
  /** EMR: the EC2 on-demand price of one node per hour, the EMR fee per node-hour, and spot as a fraction of on demand. */
  readonly emr?: { readonly instanceType: string; readonly nodeHour: number; readonly emrFeeHour: number; readonly spotFraction: number };
  /** BigQuery on-demand analysis, per TiB scanned. */
  readonly bigqueryTib?: number;
  /** BigQuery logical storage per GiB-month: active, and long-term (a table or partition unmodified for 90 days). */
  readonly bigqueryStorage?: { readonly active: number; readonly longTerm: number };
}

const AWS_SOURCE = "aws.amazon.com/s3/pricing, /fargate/pricing, /rds/postgresql/pricing, /emr/pricing, /ec2/spot/pricing, /kms/pricing, /secrets-manager/pricing";
const GCP_SOURCE = "cloud.google.com/storage/pricing, /run/pricing, /sql/pricing, /bigquery/pricing, /kms/pricing, /secret-manager/pricing";
const AS_OF = "2026-11-01";

/** The price tables Lakeform knows, by cloud and region. */
export const PRICE_TABLES: Readonly<Record<"aws" | "gcp", readonly PriceTable[]>> = Object.freeze({
  aws: [
    { region: "us-east-1", asOf: AS_OF, source: AWS_SOURCE, storage: { standard: 0.023, infrequent: 0.0125, archiveInstant: 0.004, archive: 0.00099 }, container: { vcpuHour: 0.04048, gibHour: 0.004445 }, database: { instanceHour: 0.016, storageGibMonth: 0.115 }, keyMonth: 1, secretMonth: 0.4, emr: { instanceType: "m7g.xlarge", nodeHour: 0.1632, emrFeeHour: 0.0408, spotFraction: 0.35 } },
    { region: "eu-west-1", asOf: AS_OF, source: AWS_SOURCE, storage: { standard: 0.023, infrequent: 0.0125, archiveInstant: 0.004, archive: 0.00099 }, container: { vcpuHour: 0.04048, gibHour: 0.004445 }, database: { instanceHour: 0.017, storageGibMonth: 0.127 }, keyMonth: 1, secretMonth: 0.4, emr: { instanceType: "m7g.xlarge", nodeHour: 0.1785, emrFeeHour: 0.0408, spotFraction: 0.35 } },
    { region: "eu-central-1", asOf: AS_OF, source: AWS_SOURCE, storage: { standard: 0.0245, infrequent: 0.0135, archiveInstant: 0.005, archive: 0.0018 }, container: { vcpuHour: 0.04656, gibHour: 0.00511 }, database: { instanceHour: 0.019, storageGibMonth: 0.137 }, keyMonth: 1, secretMonth: 0.4, emr: { instanceType: "m7g.xlarge", nodeHour: 0.1924, emrFeeHour: 0.0408, spotFraction: 0.35 } },
  ],
  gcp: [
    { region: "us-central1", asOf: AS_OF, source: GCP_SOURCE, storage: { standard: 0.02, infrequent: 0.01, archiveInstant: 0.004, archive: 0.0012 }, container: { vcpuHour: 0.0648, gibHour: 0.0072 }, database: { instanceHour: 0.0105, storageGibMonth: 0.17 }, keyMonth: 0.06, secretMonth: 0.06, bigqueryTib: 6.25, bigqueryStorage: { active: 0.02, longTerm: 0.01 } },
    { region: "europe-west1", asOf: AS_OF, source: GCP_SOURCE, storage: { standard: 0.02, infrequent: 0.01, archiveInstant: 0.004, archive: 0.0012 }, container: { vcpuHour: 0.0648, gibHour: 0.0072 }, database: { instanceHour: 0.0115, storageGibMonth: 0.17 }, keyMonth: 0.06, secretMonth: 0.06, bigqueryTib: 6.25, bigqueryStorage: { active: 0.02, longTerm: 0.01 } },
  ],
});

/** The price table of a region; a region without one gets its cloud's first table, and says so. */
export function pricesFor(cloud: "aws" | "gcp", region: string): { table: PriceTable; substituted: boolean } {
  const tables = PRICE_TABLES[cloud];
  const exact = tables.find((t) => t.region === region);
  return exact === undefined ? { table: tables[0] as PriceTable, substituted: true } : { table: exact, substituted: false };
}
