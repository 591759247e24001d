/**
 * One environment variable Lakeform reads: what it means, its default and an example, as
 * `docs/configuration.md` lists them (a test keeps the two in step).
 */
export interface ConfigVariable {
  readonly name: string;
  /** What the variable sets, one sentence without a trailing full stop. */
  readonly meaning: string;
  /** The value in force when the variable is unset or empty, as people read it. */
  readonly default: string;
  readonly example: string;
  /** Never printed: error messages show it hidden (or, for a URL, with its password hidden). */
  readonly secret?: boolean;
  /** Read only by Lakeform's own tests, never by a deployment. */
  readonly testOnly?: boolean;
}

/** Every `LAKEFORM_*` variable, in the order the docs list them. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = Object.freeze([
  { name: "LAKEFORM_ENV", meaning: "the environment runtime commands use when `--env` is not given", default: "dev", example: "prod" },
  { name: "LAKEFORM_HOME", meaning: "where workspaces live, relative to the working directory", default: ".lakeform", example: "/var/lib/lakeform" },
  { name: "LAKEFORM_LANDING_DIR", meaning: "the landing directory of file-drop sources, relative to the working directory", default: ".lakeform/<env>/landing", example: "/mnt/drops" },
  { name: "LAKEFORM_STATE_URL", meaning: "a postgres:// URL: keep state in PostgreSQL, shared by several runtime instances", default: "SQLite in the workspace (.lakeform/<env>/state.db)", example: "postgres://lakeform:secret@db:5432/lakeform", secret: true },
  { name: "LAKEFORM_STATE_SCHEMA", meaning: "the PostgreSQL schema of the state tables", default: "the connection's search path", example: "lakeform_prod" },
  { name: "LAKEFORM_PII_KEY", meaning: "the HMAC key PII is hashed with (at least 16 characters); needed to ingest columns declared `.pii(kind, \"hash\")`", default: "unset: sources with PII to hash refuse to ingest", example: "a-long-random-secret-from-your-secret-manager", secret: true },
  { name: "LAKEFORM_DUCKDB_MEMORY", meaning: "DuckDB's memory limit (KB, MB, GB, TB, or KiB … TiB); beyond it DuckDB spills to the workspace", default: "1GB", example: "4GB" },
  { name: "LAKEFORM_PROFILE_SAMPLE_ROWS", meaning: "partitions of more than ten times this many rows are profiled on a sample of about this many (checks read every row); 0: every row", default: "250000", example: "0" },
  { name: "LAKEFORM_MAX_RUNS", meaning: "runs the scheduler lets go on at once, in all processes together", default: "4", example: "8" },
  { name: "LAKEFORM_MAX_RUNS_DUCKDB", meaning: "materialisations at once on DuckDB", default: "2", example: "1" },
  { name: "LAKEFORM_MAX_RUNS_EMR", meaning: "materialisations at once on EMR", default: "10", example: "20" },
  { name: "LAKEFORM_MAX_RUNS_BIGQUERY", meaning: "materialisations at once on BigQuery", default: "10", example: "20" },
  { name: "LAKEFORM_CATALOG_TIMEOUT", meaning: "how long loading the catalog may take before it is reported", default: "30s", example: "2m" },
  { name: "LAKEFORM_HISTORY_RETENTION", meaning: "how long `lakeform gc` keeps run history (`--older-than` overrides it)", default: "30d", example: "90d" },
  { name: "LAKEFORM_ALERT_WEBHOOK", meaning: "a Slack-compatible webhook that receives alerts of owners without a catalog route", default: "unset", example: "https://hooks.slack.com/services/T000/B000/XXXX", secret: true },
  { name: "LAKEFORM_ALERT_COMMAND", meaning: "a command that receives alerts as JSON on stdin", default: "unset", example: "./notify-oncall.sh" },
  { name: "LAKEFORM_OPENLINEAGE_URL", meaning: "send runs' OpenLineage events to this Marquez-compatible endpoint too (POST `/api/v1/lineage`, retried; a failing endpoint never fails a run), or `console` to print them", default: "unset: events only in the logs tier", example: "http://marquez:5000" },
  { name: "LAKEFORM_OPENLINEAGE_NAMESPACE", meaning: "the OpenLineage namespace of the environment's jobs", default: "lakeform://<env>", example: "lakeform://prod" },
  { name: "LAKEFORM_DEBUG", meaning: "`1` prints the stack traces behind errors", default: "0", example: "1" },
  { name: "LAKEFORM_S3_BUCKET", meaning: "keep data files in this S3 bucket (region and credentials from the AWS SDK's usual sources); `{tier}` in the name stands for each tier's bucket (`lf-prod-{tier}-123456789012`)", default: "unset: data files in the workspace", example: "lake-prod-data" },
  { name: "LAKEFORM_S3_PREFIX", meaning: "the key prefix of data files in `LAKEFORM_S3_BUCKET`", default: "the bucket's root", example: "lakeform/prod" },
  { name: "LAKEFORM_DEFAULT_ENGINE", meaning: "where SQL assets without an `engine` of their own run: `duckdb`, `emr` or `bigquery` (an engine the environment does not offer falls back to DuckDB)", default: "`duckdb`", example: "emr" },
  { name: "LAKEFORM_EMR", meaning: "the EMR cluster settings as JSON: `releaseLabel`, `instanceTypes`, `coreNodes`, `spot`, `serviceRole`, `instanceProfile`, `securityConfiguration`, `subnetIds`, `logUri` (the Pulumi program sets it on the runtime's task)", default: "unset: no EMR, assets run on DuckDB", example: '{"releaseLabel":"emr-7.5.0",…}' },
  { name: "LAKEFORM_ARTIFACTS_BUCKET", meaning: "the S3 bucket of EMR step scripts, job manifests and audit results (needed with `LAKEFORM_EMR`)", default: "unset", example: "lf-prod-artifacts-123456789012" },
  { name: "LAKEFORM_GLUE_PREFIX", meaning: "publish versions into the Glue databases of this environment prefix (`lf-prod` → `lf_prod_clean.orders`); `lakeform catalog sync` repairs a crash between the state store and Glue", default: "unset: no catalog", example: "lf-prod" },
  { name: "LAKEFORM_GCS_BUCKET", meaning: "keep data files in this Google Cloud Storage bucket (credentials: Application Default Credentials); `{tier}` in the name stands for each tier's bucket (`lf-prod-{tier}-acme-data-prod`)", default: "unset: data files in the workspace (or S3)", example: "lf-prod-{tier}-acme-data-prod" },
  { name: "LAKEFORM_GCS_ENDPOINT", meaning: "another GCS JSON API endpoint (an emulator) for `LAKEFORM_GCS_BUCKET`, sent no credentials", default: "Google Cloud Storage", example: "http://127.0.0.1:4443" },
  { name: "LAKEFORM_BIGQUERY", meaning: "the BigQuery engine's settings as JSON — `project`, `location`, `prefix` (the stack's, naming the datasets `lf_prod_clean`, …), optionally `defaultMaxBytesBilled` and `apiEndpoint` (an emulator); every asset's published data is then its BigQuery table too (the Pulumi program sets it on the tick's job)", default: "unset: no BigQuery, assets run on DuckDB", example: '{"project":"acme-data-prod","location":"EU","prefix":"lf-prod"}' },
  { name: "LAKEFORM_S3_ENDPOINT", meaning: "an S3-compatible endpoint for `LAKEFORM_S3_BUCKET`, addressed path-style", default: "AWS's endpoint for AWS_REGION", example: "http://127.0.0.1:9000" },
  { name: "LAKEFORM_TEST_POSTGRES_URL", meaning: "the PostgreSQL server the state-store tests use (skipped when unset)", default: "unset", example: "postgres://lakeform:lakeform@127.0.0.1:5432/lakeform_test", secret: true, testOnly: true },
  { name: "LAKEFORM_TEST_PAUSE_AFTER_CLAIM", meaning: "a file a tick creates after claiming, then waits: lets a test kill a tick mid-way", default: "unset", example: "/tmp/claimed", testOnly: true },
  { name: "LAKEFORM_TEST_SLOW_ROWS", meaning: "rows of the slow test catalog (`test/fixtures/catalogs/slow.ts`)", default: "200", example: "60000", testOnly: true },
] satisfies ConfigVariable[]);
