import { z } from "zod";
import type { EngineName } from "../core/declare/asset.ts";
import { parseByteSize } from "../core/declare/byte-size.ts";
import { parseDuration } from "../core/declare/duration.ts";
import { LakeformError } from "../core/errors.ts";
import { formatProblem } from "../core/problem.ts";
import { shownValue } from "./shown-value.ts";

/** How many runs may go on at once, in all processes together, and per engine. */
export interface ConcurrencyLimits {
  readonly global: number;
  readonly perEngine: Readonly<Record<EngineName, number>>;
}

/**
 * Everything the runtime takes from the environment, parsed and checked once (by the CLI, from
 * `process.env`) and passed down. Frozen. Every field documents its variable and its default;
 * `docs/configuration.md` lists them all.
 */
export interface RuntimeConfig {
  /** `LAKEFORM_ENV`: the environment when `--env` is not given. @default "dev" */
  readonly environment: string;
  /** `LAKEFORM_HOME`: where workspaces live, relative to the working directory. @default ".lakeform" */
  readonly home: string;
  /** `LAKEFORM_LANDING_DIR`: the landing directory of file-drop sources. @default undefined: `<workspace>/landing` */
  readonly landingDir: string | undefined;
  readonly state: {
    /** `LAKEFORM_STATE_URL`: a postgres:// URL for shared state. @default undefined: SQLite in the workspace */
    readonly url: string | undefined;
    /** `LAKEFORM_STATE_SCHEMA`: the PostgreSQL schema of the state tables. @default undefined: the search path */
    readonly schema: string | undefined;
  };
  /** `LAKEFORM_PII_KEY`: the key PII is hashed with; its length is checked where it is used (`piiKeyProblem`). @default undefined */
  readonly piiKey: Buffer | undefined;
  /** `LAKEFORM_DUCKDB_MEMORY`: DuckDB's memory limit. @default "1GB" */
  readonly duckdbMemory: string;
  /**
   * `LAKEFORM_PROFILE_SAMPLE_ROWS`: partitions of more than ten times this many rows are
   * profiled (distinct counts, moments, quantiles, lengths) on a sample of about this many rows;
   * `0` profiles every row. Checks always read every row. @default 250 000
   */
  readonly profileSampleRows: number;
  /** `LAKEFORM_MAX_RUNS` and `LAKEFORM_MAX_RUNS_<ENGINE>`. @default {@link DEFAULT_CONCURRENCY} */
  readonly concurrency: ConcurrencyLimits;
  /** `LAKEFORM_CATALOG_TIMEOUT`, in milliseconds. @default 30 000 (30s) */
  readonly catalogTimeoutMs: number;
  /** `LAKEFORM_HISTORY_RETENTION`, in milliseconds: what `gc` keeps. @default 30 days */
  readonly historyRetentionMs: number;
  readonly alerts: {
    /** `LAKEFORM_ALERT_WEBHOOK`: a Slack-compatible webhook. @default undefined */
    readonly webhook: string | undefined;
    /** `LAKEFORM_ALERT_COMMAND`: a command fed alerts as JSON on stdin. @default undefined */
    readonly command: string | undefined;
  };
  /** `LAKEFORM_DEBUG`: print the stack traces behind errors. @default false */
  readonly debug: boolean;
  /** Data files in S3 (`openObjectStore`); region and credentials come from the AWS SDK's usual sources. */
  readonly s3: {
    /** `LAKEFORM_S3_BUCKET`: keep data files in this S3 bucket. @default undefined: in the workspace's folders */
    readonly bucket: string | undefined;
    /** `LAKEFORM_S3_PREFIX`: the key prefix of data files in the bucket, without a leading `/`. @default undefined: the bucket's root */
    readonly prefix: string | undefined;
    /** `LAKEFORM_S3_ENDPOINT`: an S3-compatible endpoint, addressed path-style. @default undefined: AWS's endpoint for AWS_REGION */
    readonly endpoint: string | undefined;
  };
  /** `LAKEFORM_DEFAULT_ENGINE`: where SQL assets without an `engine` of their own run (`resolveEngine`). @default "duckdb" */
  readonly defaultEngine: EngineName;
  /** EMR, when the environment has it (the Pulumi program sets these on the runtime's task). */
  readonly emr: {
    /** `LAKEFORM_EMR`: the cluster settings as JSON (release label, instance types, roles, subnets, log URI…). @default undefined: no EMR */
    readonly settings: EmrClusterSettings | undefined;
    /** `LAKEFORM_ARTIFACTS_BUCKET`: where EMR steps, manifests and audit results go. @default undefined */
    readonly artifactsBucket: string | undefined;
  };
  /** `LAKEFORM_GLUE_PREFIX`: publish into the Glue databases of this environment prefix (`lf-prod` → `lf_prod_clean`). @default undefined: no catalog */
  readonly gluePrefix: string | undefined;
  /** Data files in Google Cloud Storage (`openObjectStore`); credentials are Application Default Credentials (the Cloud Run job's service account). */
  readonly gcs: {
    /** `LAKEFORM_GCS_BUCKET`: keep data files in this bucket; `{tier}` stands for each tier's bucket. @default undefined: not on GCS */
    readonly bucket: string | undefined;
    /** `LAKEFORM_GCS_ENDPOINT`: another GCS JSON API endpoint (an emulator), sent no credentials. @default undefined: Google's */
    readonly endpoint: string | undefined;
  };
  /** `LAKEFORM_BIGQUERY`: the BigQuery engine's project, location and datasets, as JSON. @default undefined: no BigQuery */
  readonly bigquery: BigQueryEnvironment | undefined;
  /** Where runs' OpenLineage events go besides the logs tier (`runtime/lineage`). */
  readonly openLineage: {
    /** `LAKEFORM_OPENLINEAGE_URL`: a Marquez-compatible endpoint (events POSTed to `/api/v1/lineage`), or `console` for stdout. @default undefined: the logs tier only */
    readonly url: string | undefined;
    /** `LAKEFORM_OPENLINEAGE_NAMESPACE`: the jobs' namespace. @default undefined: `lakeform://<env>` */
    readonly namespace: string | undefined;
  };
}

/** Where BigQuery is, for the runtime (`LAKEFORM_BIGQUERY`; the environment's name comes from `LAKEFORM_ENV`). */
export interface BigQueryEnvironment {
  /** The GCP project jobs run and bill in, which holds the datasets. */
  readonly project: string;
  /** The datasets' location (`EU`, `europe-west1`); jobs run there. */
  readonly location: string;
  /** The stack's prefix, which names the datasets (`lf-prod` → `lf_prod_clean`). */
  readonly prefix: string;
  /** `maximumBytesBilled` of assets whose cost guard sets none, e.g. `"500GB"`. @default "1TB" */
  readonly defaultMaxBytesBilled?: `${number}${string}`;
  /** Another BigQuery endpoint (an emulator), sent a placeholder token instead of credentials. @default - Google's */
  readonly apiEndpoint?: string;
}

/** The EMR cluster settings of `LAKEFORM_EMR` (the environment's name comes from `LAKEFORM_ENV`). */
export interface EmrClusterSettings {
  readonly releaseLabel: string;
  readonly instanceTypes: readonly string[];
  readonly coreNodes: number;
  readonly spot: boolean;
  readonly serviceRole: string;
  readonly instanceProfile: string;
  readonly securityConfiguration?: string;
  readonly subnetIds: readonly string[];
  readonly logUri: string;
  readonly idleTimeoutSeconds?: number;
}

const BIGQUERY_SETTINGS = z.strictObject({
  project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a GCP project id such as acme-data-prod"),
  location: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, "a location such as EU or europe-west1"),
  prefix: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, "the stack's lakeform:prefix, e.g. lf-prod"),
  defaultMaxBytesBilled: z.string().refine((size) => parseByteSize(size as `${number}${string}`) !== undefined, "a size such as 500GB or 1TB").optional(),
  apiEndpoint: z.string().regex(/^https?:\/\//i).refine((url) => URL.canParse(url), "an http(s) URL").optional(),
});

const EMR_SETTINGS = z.strictObject({
  releaseLabel: z.string().regex(/^emr-\d+\.\d+\.\d+$/),
  instanceTypes: z.array(z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/)).min(1),
  coreNodes: z.number().int().min(0).max(100),
  spot: z.boolean(),
  serviceRole: z.string().min(1),
  instanceProfile: z.string().min(1),
  securityConfiguration: z.string().min(1).optional(),
  subnetIds: z.array(z.string().min(1)).min(1),
  logUri: z.string().regex(/^s3:\/\/[^/]+\/.*/),
  idleTimeoutSeconds: z.number().int().min(60).max(604_800).optional(),
});

export const DEFAULT_CONCURRENCY: ConcurrencyLimits = Object.freeze({ global: 4, perEngine: Object.freeze({ duckdb: 2, emr: 10, bigquery: 10 }) });
export const DEFAULT_CATALOG_TIMEOUT_MS = 30_000;
/** Rows of the sample very large partitions are profiled on (see `profileSampleRows`). */
export const DEFAULT_PROFILE_SAMPLE_ROWS = 250_000;
const DEFAULT_HISTORY_RETENTION_MS = 30 * 86_400_000;

/** Thrown by {@link runtimeConfigFrom}: every bad variable, each with its (hidden if secret) value and the fix. */
export class ConfigError extends LakeformError {
  override name = "ConfigError";
}

const ENVIRONMENT = /^[a-z][a-z0-9-]{0,31}$/;
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const S3_BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const GCS_BUCKET = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const MEMORY = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** What is wrong with a value, and the fix. */
interface Bad {
  readonly bad: readonly [string, string];
}

/** A variable's value; unset, empty and blank are alike. Fails with `[what is wrong, fix]`. */
function variable<T>(name: string, read: (text: string) => NoInfer<T> | Bad, fallback: T) {
  return z
    .string()
    .optional()
    .transform((raw, context): T => {
      if (raw === undefined || raw.trim() === "") return fallback;
      const value = read(raw);
      if (typeof value === "object" && value !== null && "bad" in value) {
        const [what, fix] = value.bad;
        context.addIssue({ code: "custom", message: formatProblem({ message: `${name} ${shownValue(name, raw)} ${what}`, fix }) });
        return z.NEVER;
      }
      return value as T;
    });
}

const text = (name: string) => variable<string | undefined>(name, (value) => value, undefined);
const bad = (what: string, fix: string): Bad => ({ bad: [what, fix] });

const wholeNumber = (name: string, fallback: number, what = "runs") =>
  variable(name, (value) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : bad("is not a whole number", `set it to a number of ${what} such as ${fallback}, or unset it for the default (${fallback})`)), fallback);

const duration = (name: string, fallback: number, example: string, minimum: number) =>
  variable(name, (value) => {
    const ms = parseDuration(value.trim());
    return ms === undefined || ms < minimum ? bad("is not a duration", `set it to e.g. ${example}, or unset it`) : ms;
  }, fallback);

const SCHEMA = z.object({
  LAKEFORM_ENV: variable("LAKEFORM_ENV", (value) => (ENVIRONMENT.test(value) ? value : bad("is not a valid environment name", "use lowercase letters, digits and dashes (at most 32), starting with a letter, e.g. dev")), "dev"),
  LAKEFORM_HOME: variable("LAKEFORM_HOME", (value) => value, ".lakeform"),
  LAKEFORM_LANDING_DIR: text("LAKEFORM_LANDING_DIR"),
  LAKEFORM_STATE_URL: variable<string | undefined>("LAKEFORM_STATE_URL", (value) => {
    const url = value.trim();
    if (!/^postgres(ql)?:\/\//i.test(url)) return bad("is not a postgres:// URL", "set it to postgres://user:password@host:5432/database for shared PostgreSQL state, or unset it to use the workspace's SQLite file");
    return URL.canParse(url) ? url : bad("is not a valid URL", "write it as postgres://user:password@host:5432/database, with special characters of the password percent-encoded");
  }, undefined),
  LAKEFORM_STATE_SCHEMA: variable<string | undefined>("LAKEFORM_STATE_SCHEMA", (value) =>
    PLAIN_IDENTIFIER.test(value) && !value.toLowerCase().startsWith("pg_") ? value : bad("is not a plain identifier", 'use up to 63 letters, digits and underscores, starting with a letter or underscore and not with "pg_"'), undefined),
  LAKEFORM_PII_KEY: variable<Buffer | undefined>("LAKEFORM_PII_KEY", (value) => Buffer.from(value, "utf8"), undefined),
  LAKEFORM_DUCKDB_MEMORY: variable("LAKEFORM_DUCKDB_MEMORY", (value) => (MEMORY.test(value.trim()) ? value.trim() : bad("is not an amount of memory", "set it to e.g. 512MB or 4GB (units KB, MB, GB, TB, KiB … TiB), or unset it for 1GB")), "1GB"),
  LAKEFORM_PROFILE_SAMPLE_ROWS: wholeNumber("LAKEFORM_PROFILE_SAMPLE_ROWS", DEFAULT_PROFILE_SAMPLE_ROWS, "rows"),
  LAKEFORM_MAX_RUNS: wholeNumber("LAKEFORM_MAX_RUNS", DEFAULT_CONCURRENCY.global),
  LAKEFORM_MAX_RUNS_DUCKDB: wholeNumber("LAKEFORM_MAX_RUNS_DUCKDB", DEFAULT_CONCURRENCY.perEngine.duckdb),
  LAKEFORM_MAX_RUNS_EMR: wholeNumber("LAKEFORM_MAX_RUNS_EMR", DEFAULT_CONCURRENCY.perEngine.emr),
  LAKEFORM_MAX_RUNS_BIGQUERY: wholeNumber("LAKEFORM_MAX_RUNS_BIGQUERY", DEFAULT_CONCURRENCY.perEngine.bigquery),
  LAKEFORM_CATALOG_TIMEOUT: duration("LAKEFORM_CATALOG_TIMEOUT", DEFAULT_CATALOG_TIMEOUT_MS, "30s or 2m", 1),
  LAKEFORM_HISTORY_RETENTION: duration("LAKEFORM_HISTORY_RETENTION", DEFAULT_HISTORY_RETENTION_MS, "30d or 12w", 0),
  LAKEFORM_ALERT_WEBHOOK: variable<string | undefined>("LAKEFORM_ALERT_WEBHOOK", (value) =>
    /^https?:\/\//i.test(value.trim()) && URL.canParse(value.trim()) ? value.trim() : bad("is not an http(s) URL", "set it to the webhook's URL, e.g. https://hooks.slack.com/services/…, or unset it"), undefined),
  LAKEFORM_ALERT_COMMAND: text("LAKEFORM_ALERT_COMMAND"),
  LAKEFORM_OPENLINEAGE_URL: variable<string | undefined>("LAKEFORM_OPENLINEAGE_URL", (value) =>
    value.trim() === "console" || (/^https?:\/\//i.test(value.trim()) && URL.canParse(value.trim())) ? value.trim() : bad("is neither an http(s) URL nor `console`", "set it to the endpoint's base URL, e.g. http://marquez:5000, or unset it"), undefined),
  LAKEFORM_OPENLINEAGE_NAMESPACE: text("LAKEFORM_OPENLINEAGE_NAMESPACE"),
  LAKEFORM_DEBUG: variable("LAKEFORM_DEBUG", (value) => {
    const flag = value.trim().toLowerCase();
    return flag === "1" || flag === "true" ? true : flag === "0" || flag === "false" ? false : bad("is not 1 or 0", "set it to 1 to print stack traces, or unset it");
  }, false),
  LAKEFORM_S3_BUCKET: variable<string | undefined>("LAKEFORM_S3_BUCKET", (value) =>
    S3_BUCKET.test(value.trim().replace("{tier}", "raw")) ? value.trim() : bad("is not an S3 bucket name", "set it to the bucket's name alone (3 to 63 lowercase letters, digits, dots and dashes, e.g. lake-prod-data; `{tier}` stands for raw, clean and curated, e.g. lf-prod-{tier}-123456789012), or unset it to keep data files in the workspace"), undefined),
  LAKEFORM_DEFAULT_ENGINE: variable<EngineName>("LAKEFORM_DEFAULT_ENGINE", (value) => {
    const name = value.trim();
    return name === "duckdb" || name === "emr" || name === "bigquery" ? name : bad("is not an engine", "set it to duckdb, emr or bigquery, or unset it for duckdb");
  }, "duckdb"),
  LAKEFORM_EMR: variable<EmrClusterSettings | undefined>("LAKEFORM_EMR", (value) => {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      return bad("is not JSON", 'set it to the cluster settings as JSON, e.g. {"releaseLabel":"emr-7.5.0","instanceTypes":["m7g.xlarge","m6g.xlarge","r7g.xlarge"],…} (the Pulumi program sets it), or unset it');
    }
    const parsed = EMR_SETTINGS.safeParse(json);
    if (parsed.success) return parsed.data as EmrClusterSettings;
    const issue = parsed.error.issues[0];
    return bad(`has a bad ${issue?.path.join(".") || "value"} (${issue?.message ?? "invalid"})`, "set releaseLabel, instanceTypes, coreNodes, spot, serviceRole, instanceProfile, subnetIds and logUri (s3://…), as the Pulumi program exports them");
  }, undefined),
  LAKEFORM_ARTIFACTS_BUCKET: variable<string | undefined>("LAKEFORM_ARTIFACTS_BUCKET", (value) =>
    S3_BUCKET.test(value.trim()) ? value.trim() : bad("is not an S3 bucket name", "set it to the artifacts bucket's name (the Pulumi program exports it), or unset it"), undefined),
  LAKEFORM_GLUE_PREFIX: variable<string | undefined>("LAKEFORM_GLUE_PREFIX", (value) =>
    /^[a-z][a-z0-9-]{0,19}$/.test(value.trim()) ? value.trim() : bad("is not an environment prefix", "set it to the stack's lakeform:prefix (e.g. lf-prod), or unset it to publish without a catalog"), undefined),
  LAKEFORM_S3_PREFIX: variable<string | undefined>("LAKEFORM_S3_PREFIX", (value) => {
    const prefix = value.trim().replace(/^\/+|\/+$/g, "");
    return prefix === "" || prefix.includes("//") ? bad("is not a key prefix", "set it to folders such as lakeform/prod, or unset it for the bucket's root") : prefix;
  }, undefined),
  LAKEFORM_S3_ENDPOINT: variable<string | undefined>("LAKEFORM_S3_ENDPOINT", (value) =>
    /^https?:\/\//i.test(value.trim()) && URL.canParse(value.trim()) ? value.trim() : bad("is not an http(s) URL", "set it to the S3-compatible server's URL, e.g. http://127.0.0.1:9000, or unset it for AWS S3"), undefined),
  LAKEFORM_GCS_BUCKET: variable<string | undefined>("LAKEFORM_GCS_BUCKET", (value) =>
    GCS_BUCKET.test(value.trim().replace("{tier}", "raw")) && !value.trim().startsWith("goog") ? value.trim() : bad("is not a GCS bucket name", "set it to the bucket's name alone (3 to 63 lowercase letters, digits, dashes, underscores and dots, e.g. lf-prod-data; `{tier}` stands for raw, clean and curated, e.g. lf-prod-{tier}-acme-data-prod), or unset it"), undefined),
  LAKEFORM_GCS_ENDPOINT: variable<string | undefined>("LAKEFORM_GCS_ENDPOINT", (value) =>
    /^https?:\/\//i.test(value.trim()) && URL.canParse(value.trim()) ? value.trim() : bad("is not an http(s) URL", "set it to the GCS emulator's URL, e.g. http://127.0.0.1:4443, or unset it for Google Cloud Storage"), undefined),
  LAKEFORM_BIGQUERY: variable<BigQueryEnvironment | undefined>("LAKEFORM_BIGQUERY", (value) => {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      return bad("is not JSON", 'set it to BigQuery\'s settings as JSON, e.g. {"project":"acme-data-prod","location":"EU","prefix":"lf-prod"} (the Pulumi program sets it), or unset it');
    }
    const parsed = BIGQUERY_SETTINGS.safeParse(json);
    if (parsed.success) return parsed.data as BigQueryEnvironment;
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "value"} (${issue.message})`);
    return bad(`has a bad ${issues.join(", a bad ")}`, "set project, location and prefix (and optionally defaultMaxBytesBilled such as 500GB), as the Pulumi program exports them");
  }, undefined),
}).superRefine((v, context) => {
  for (const name of ["LAKEFORM_S3_PREFIX", "LAKEFORM_S3_ENDPOINT"] as const) {
    if (v[name] !== undefined && v.LAKEFORM_S3_BUCKET === undefined) {
      context.addIssue({ code: "custom", message: formatProblem({ message: `${name} is set but LAKEFORM_S3_BUCKET is not`, fix: "set LAKEFORM_S3_BUCKET to the bucket of the data files, or unset " + name }) });
    }
  }
  if (v.LAKEFORM_EMR !== undefined && (v.LAKEFORM_ARTIFACTS_BUCKET === undefined || v.LAKEFORM_S3_BUCKET === undefined)) {
    context.addIssue({ code: "custom", message: formatProblem({ message: "LAKEFORM_EMR is set but LAKEFORM_ARTIFACTS_BUCKET or LAKEFORM_S3_BUCKET is not: EMR steps read and write S3", fix: "set both (the Pulumi program exports them), or unset LAKEFORM_EMR" }) });
  }
  if (v.LAKEFORM_GCS_ENDPOINT !== undefined && v.LAKEFORM_GCS_BUCKET === undefined) {
    context.addIssue({ code: "custom", message: formatProblem({ message: "LAKEFORM_GCS_ENDPOINT is set but LAKEFORM_GCS_BUCKET is not", fix: "set LAKEFORM_GCS_BUCKET to the bucket of the data files, or unset LAKEFORM_GCS_ENDPOINT" }) });
  }
  if (v.LAKEFORM_GCS_BUCKET !== undefined && v.LAKEFORM_S3_BUCKET !== undefined) {
    context.addIssue({ code: "custom", message: formatProblem({ message: "LAKEFORM_GCS_BUCKET and LAKEFORM_S3_BUCKET are both set: data files live in one object store", fix: "keep the one of the environment's cloud and unset the other" }) });
  }
  if (v.LAKEFORM_BIGQUERY !== undefined && v.LAKEFORM_GCS_BUCKET === undefined) {
    context.addIssue({ code: "custom", message: formatProblem({ message: "LAKEFORM_BIGQUERY is set but LAKEFORM_GCS_BUCKET is not: BigQuery loads sources' files from Cloud Storage", fix: "set LAKEFORM_GCS_BUCKET (the Pulumi program sets both), or unset LAKEFORM_BIGQUERY" }) });
  }
  if (v.LAKEFORM_DEFAULT_ENGINE === "bigquery" && v.LAKEFORM_BIGQUERY === undefined) {
    context.addIssue({ code: "custom", message: formatProblem({ message: "LAKEFORM_DEFAULT_ENGINE is bigquery but LAKEFORM_BIGQUERY is not set", fix: "set LAKEFORM_BIGQUERY to BigQuery's settings, or LAKEFORM_DEFAULT_ENGINE to duckdb" }) });
  }
  if (v.LAKEFORM_DEFAULT_ENGINE === "emr" && v.LAKEFORM_EMR === undefined) {
    context.addIssue({ code: "custom", message: formatProblem({ message: "LAKEFORM_DEFAULT_ENGINE is emr but LAKEFORM_EMR is not set", fix: "set LAKEFORM_EMR to the cluster settings, or LAKEFORM_DEFAULT_ENGINE to duckdb" }) });
  }
});

/**
 * Parses the `LAKEFORM_*` variables of `env` into a frozen {@link RuntimeConfig}; unset, empty and
 * blank variables take their defaults, other variables are ignored.
 * @throws ConfigError listing every bad variable at once, each with its value (secrets hidden) and the fix.
 * @example const config = runtimeConfigFrom(process.env); config.duckdbMemory // "1GB"
 */
export function runtimeConfigFrom(env: Readonly<Record<string, string | undefined>>): RuntimeConfig {
  const parsed = SCHEMA.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message);
    const noun = problems.length === 1 ? "variable" : "variables";
    throw new ConfigError(`Invalid configuration (${problems.length} bad ${noun}):\n${problems.map((p) => ` - ${p}`).join("\n")}`);
  }
  const v = parsed.data;
  return Object.freeze({
    environment: v.LAKEFORM_ENV,
    home: v.LAKEFORM_HOME,
    landingDir: v.LAKEFORM_LANDING_DIR,
    state: Object.freeze({ url: v.LAKEFORM_STATE_URL, schema: v.LAKEFORM_STATE_SCHEMA }),
    piiKey: v.LAKEFORM_PII_KEY,
    duckdbMemory: v.LAKEFORM_DUCKDB_MEMORY,
    profileSampleRows: v.LAKEFORM_PROFILE_SAMPLE_ROWS,
    concurrency: Object.freeze({
      global: v.LAKEFORM_MAX_RUNS,
      perEngine: Object.freeze({ duckdb: v.LAKEFORM_MAX_RUNS_DUCKDB, emr: v.LAKEFORM_MAX_RUNS_EMR, bigquery: v.LAKEFORM_MAX_RUNS_BIGQUERY }),
    }),
    catalogTimeoutMs: v.LAKEFORM_CATALOG_TIMEOUT,
    historyRetentionMs: v.LAKEFORM_HISTORY_RETENTION,
    alerts: Object.freeze({ webhook: v.LAKEFORM_ALERT_WEBHOOK, command: v.LAKEFORM_ALERT_COMMAND }),
    debug: v.LAKEFORM_DEBUG,
    s3: Object.freeze({ bucket: v.LAKEFORM_S3_BUCKET, prefix: v.LAKEFORM_S3_PREFIX, endpoint: v.LAKEFORM_S3_ENDPOINT }),
    defaultEngine: v.LAKEFORM_DEFAULT_ENGINE,
    emr: Object.freeze({ settings: v.LAKEFORM_EMR === undefined ? undefined : Object.freeze(v.LAKEFORM_EMR), artifactsBucket: v.LAKEFORM_ARTIFACTS_BUCKET }),
    gluePrefix: v.LAKEFORM_GLUE_PREFIX,
    gcs: Object.freeze({ bucket: v.LAKEFORM_GCS_BUCKET, endpoint: v.LAKEFORM_GCS_ENDPOINT }),
    bigquery: v.LAKEFORM_BIGQUERY === undefined ? undefined : Object.freeze(v.LAKEFORM_BIGQUERY),
    openLineage: Object.freeze({ url: v.LAKEFORM_OPENLINEAGE_URL, namespace: v.LAKEFORM_OPENLINEAGE_NAMESPACE }),
  });
}

/** The configuration of an empty environment: every default. */
export const DEFAULT_RUNTIME_CONFIG: RuntimeConfig = runtimeConfigFrom({});
