import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_RUNTIME_CONFIG, runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";

describe("the runtime configuration is parsed once from LAKEFORM_* variables", () => {
  it("takes every default from an empty environment, frozen", () => {
    const config = runtimeConfigFrom({});
    expect(config).toEqual({
      environment: "dev",
      home: ".lakeform",
      landingDir: undefined,
      state: { url: undefined, schema: undefined },
      piiKey: undefined,
      duckdbMemory: "1GB",
      profileSampleRows: 250_000,
      concurrency: { global: 4, perEngine: { duckdb: 2, emr: 10, bigquery: 10 } },
      catalogTimeoutMs: 30_000,
      historyRetentionMs: 30 * 86_400_000,
      alerts: { webhook: undefined, command: undefined },
      debug: false,
      s3: { bucket: undefined, prefix: undefined, endpoint: undefined },
      defaultEngine: "duckdb",
      emr: { settings: undefined, artifactsBucket: undefined },
      gluePrefix: undefined,
      gcs: { bucket: undefined, endpoint: undefined },
      bigquery: undefined,
      openLineage: { url: undefined, namespace: undefined },
    });
    expect(Object.isFrozen(config) && Object.isFrozen(config.concurrency.perEngine)).toBe(true);
    expect(DEFAULT_RUNTIME_CONFIG).toEqual(config);
  });

  const EMR = {
    releaseLabel: "emr-7.5.0",
    instanceTypes: ["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"],
    coreNodes: 2,
    spot: true,
    serviceRole: "arn:aws:iam::123456789012:role/lf-prod-emr-service",
    instanceProfile: "lf-prod-emr-nodes",
    subnetIds: ["subnet-a"],
    logUri: "s3://lf-prod-logs-123456789012/emr/",
  };

  it("reads every variable", () => {
    const config = runtimeConfigFrom({
      LAKEFORM_ENV: "prod",
      LAKEFORM_HOME: "/var/lib/lakeform",
      LAKEFORM_LANDING_DIR: "/mnt/drops",
      LAKEFORM_STATE_URL: "postgres://lakeform:secret@db:5432/lakeform",
      LAKEFORM_STATE_SCHEMA: "lakeform_prod",
      LAKEFORM_PII_KEY: "a-secret-of-16-chars-or-more",
      LAKEFORM_DUCKDB_MEMORY: "4GB",
      LAKEFORM_PROFILE_SAMPLE_ROWS: "0",
      LAKEFORM_MAX_RUNS: "8",
      LAKEFORM_MAX_RUNS_DUCKDB: "1",
      LAKEFORM_MAX_RUNS_EMR: "20",
      LAKEFORM_MAX_RUNS_BIGQUERY: "0",
      LAKEFORM_CATALOG_TIMEOUT: "2m",
      LAKEFORM_HISTORY_RETENTION: "90d",
      LAKEFORM_ALERT_WEBHOOK: "https://hooks.slack.com/services/T0/B0/X",
      LAKEFORM_ALERT_COMMAND: "./notify.sh",
      LAKEFORM_DEBUG: "1",
      LAKEFORM_S3_BUCKET: "lake-prod-data",
      LAKEFORM_S3_PREFIX: "lakeform/prod",
      LAKEFORM_S3_ENDPOINT: "http://127.0.0.1:9000",
      LAKEFORM_DEFAULT_ENGINE: "emr",
      LAKEFORM_EMR: JSON.stringify(EMR),
      LAKEFORM_ARTIFACTS_BUCKET: "lf-prod-artifacts-123456789012",
      LAKEFORM_GLUE_PREFIX: "lf-prod",
      LAKEFORM_OPENLINEAGE_URL: "http://marquez:5000",
      LAKEFORM_OPENLINEAGE_NAMESPACE: "lakeform://prod",
      PATH: "/usr/bin",
    });
    expect({ ...config, piiKey: config.piiKey?.toString("utf8") }).toEqual({
      environment: "prod",
      home: "/var/lib/lakeform",
      landingDir: "/mnt/drops",
      state: { url: "postgres://lakeform:secret@db:5432/lakeform", schema: "lakeform_prod" },
      piiKey: "a-secret-of-16-chars-or-more",
      duckdbMemory: "4GB",
      profileSampleRows: 0,
      concurrency: { global: 8, perEngine: { duckdb: 1, emr: 20, bigquery: 0 } },
      catalogTimeoutMs: 120_000,
      historyRetentionMs: 90 * 86_400_000,
      alerts: { webhook: "https://hooks.slack.com/services/T0/B0/X", command: "./notify.sh" },
      debug: true,
      s3: { bucket: "lake-prod-data", prefix: "lakeform/prod", endpoint: "http://127.0.0.1:9000" },
      defaultEngine: "emr",
      emr: { settings: EMR, artifactsBucket: "lf-prod-artifacts-123456789012" },
      gluePrefix: "lf-prod",
      gcs: { bucket: undefined, endpoint: undefined },
      bigquery: undefined,
      openLineage: { url: "http://marquez:5000", namespace: "lakeform://prod" },
    });
  });

  it("treats empty and blank variables as unset", () => {
    expect(runtimeConfigFrom({ LAKEFORM_STATE_URL: "", LAKEFORM_MAX_RUNS: " ", LAKEFORM_ENV: "", LAKEFORM_DEBUG: "" })).toEqual(DEFAULT_RUNTIME_CONFIG);
  });

  it("lists every bad value in one error, each with the fix, secrets hidden", () => {
    const parse = () =>
      runtimeConfigFrom({
        LAKEFORM_ENV: "Prod",
        LAKEFORM_STATE_URL: "mysql://root:hunter2@db/state",
        LAKEFORM_STATE_SCHEMA: "pg_state",
        LAKEFORM_DUCKDB_MEMORY: "80%",
        LAKEFORM_MAX_RUNS: "many",
        LAKEFORM_MAX_RUNS_DUCKDB: "-1",
        LAKEFORM_MAX_RUNS_EMR: "2.5",
        LAKEFORM_MAX_RUNS_BIGQUERY: "ten",
        LAKEFORM_CATALOG_TIMEOUT: "soon",
        LAKEFORM_HISTORY_RETENTION: "forever",
        LAKEFORM_ALERT_WEBHOOK: "hooks.slack.com/services/T0/B0/SECRET",
        LAKEFORM_DEBUG: "yes",
      });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(
      [
        "Invalid configuration (12 bad variables):",
        ' - LAKEFORM_ENV "Prod" is not a valid environment name. Fix: use lowercase letters, digits and dashes (at most 32), starting with a letter, e.g. dev.',
        ' - LAKEFORM_STATE_URL "mysql://root:***@db/state" is not a postgres:// URL. Fix: set it to postgres://user:password@host:5432/database for shared PostgreSQL state, or unset it to use the workspace\'s SQLite file.',
        ' - LAKEFORM_STATE_SCHEMA "pg_state" is not a plain identifier. Fix: use up to 63 letters, digits and underscores, starting with a letter or underscore and not with "pg_".',
        ' - LAKEFORM_DUCKDB_MEMORY "80%" is not an amount of memory. Fix: set it to e.g. 512MB or 4GB (units KB, MB, GB, TB, KiB … TiB), or unset it for 1GB.',
        ' - LAKEFORM_MAX_RUNS "many" is not a whole number. Fix: set it to a number of runs such as 4, or unset it for the default (4).',
        ' - LAKEFORM_MAX_RUNS_DUCKDB "-1" is not a whole number. Fix: set it to a number of runs such as 2, or unset it for the default (2).',
        ' - LAKEFORM_MAX_RUNS_EMR "2.5" is not a whole number. Fix: set it to a number of runs such as 10, or unset it for the default (10).',
        ' - LAKEFORM_MAX_RUNS_BIGQUERY "ten" is not a whole number. Fix: set it to a number of runs such as 10, or unset it for the default (10).',
        ' - LAKEFORM_CATALOG_TIMEOUT "soon" is not a duration. Fix: set it to e.g. 30s or 2m, or unset it.',
        ' - LAKEFORM_HISTORY_RETENTION "forever" is not a duration. Fix: set it to e.g. 30d or 12w, or unset it.',
        ' - LAKEFORM_ALERT_WEBHOOK "***" is not an http(s) URL. Fix: set it to the webhook\'s URL, e.g. https://hooks.slack.com/services/…, or unset it.',
        ' - LAKEFORM_DEBUG "yes" is not 1 or 0. Fix: set it to 1 to print stack traces, or unset it.',
      ].join("\n"),
    );
  });

  it("never shows a password or a webhook's path", () => {
    const message = (env: Record<string, string>) => {
      try {
        runtimeConfigFrom(env);
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    };
    const url = message({ LAKEFORM_STATE_URL: "postgres://lakeform:hunter2@db:99999/x" });
    expect(url).toContain('LAKEFORM_STATE_URL "postgres://***@db:99999/x" is not a valid URL.');
    expect(url).not.toContain("hunter2");
    const hook = message({ LAKEFORM_ALERT_WEBHOOK: "ftp://hooks.example.com/T0/SECRET" });
    expect(hook).toContain('LAKEFORM_ALERT_WEBHOOK "ftp://hooks.example.com/***" is not an http(s) URL.');
    expect(hook).not.toContain("SECRET");
  });

  it("leaves the PII key's length to the one rule that checks it where it is used", () => {
    expect(runtimeConfigFrom({ LAKEFORM_PII_KEY: "short" }).piiKey?.length).toBe(5);
  });

  it("refuses EMR without the buckets its steps need, and EMR by default without its settings", () => {
    expect(() => runtimeConfigFrom({ LAKEFORM_EMR: JSON.stringify(EMR) })).toThrow("LAKEFORM_EMR is set but LAKEFORM_ARTIFACTS_BUCKET or LAKEFORM_S3_BUCKET is not");
    expect(() => runtimeConfigFrom({ LAKEFORM_DEFAULT_ENGINE: "emr" })).toThrow("LAKEFORM_DEFAULT_ENGINE is emr but LAKEFORM_EMR is not set");
    expect(() => runtimeConfigFrom({ LAKEFORM_EMR: '{"releaseLabel":"7.5"}' })).toThrow(/LAKEFORM_EMR .*has a bad releaseLabel/);
    expect(runtimeConfigFrom({ LAKEFORM_S3_BUCKET: "lf-prod-{tier}-123456789012" }).s3.bucket).toBe("lf-prod-{tier}-123456789012");
  });
});
