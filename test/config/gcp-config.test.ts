import { describe, expect, it } from "vitest";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";

const BIGQUERY = { project: "acme-data-prod", location: "EU", prefix: "lf-prod" };

describe("the runtime's configuration on GCP", () => {
  it("reads data per tier in GCS, an emulator's endpoint and BigQuery's settings", () => {
    const config = runtimeConfigFrom({
      LAKEFORM_GCS_BUCKET: "lf-prod-{tier}-acme-data-prod",
      LAKEFORM_GCS_ENDPOINT: "http://127.0.0.1:4443",
      LAKEFORM_BIGQUERY: JSON.stringify({ ...BIGQUERY, defaultMaxBytesBilled: "500GB" }),
      LAKEFORM_DEFAULT_ENGINE: "bigquery",
    });
    expect(config.gcs).toEqual({ bucket: "lf-prod-{tier}-acme-data-prod", endpoint: "http://127.0.0.1:4443" });
    expect(config.bigquery).toEqual({ ...BIGQUERY, defaultMaxBytesBilled: "500GB" });
    expect(config.defaultEngine).toBe("bigquery");
    expect(runtimeConfigFrom({}).gcs).toEqual({ bucket: undefined, endpoint: undefined });
    expect(runtimeConfigFrom({}).bigquery).toBeUndefined();
  });

  it("lists every problem at once, each with its fix", () => {
    let message = "";
    try {
      runtimeConfigFrom({
        LAKEFORM_GCS_BUCKET: "Not A Bucket",
        LAKEFORM_BIGQUERY: JSON.stringify({ project: "X", location: "EU", prefix: "lf-prod", defaultMaxBytesBilled: "lots", extra: 1 }),
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "Invalid configuration (2 bad variables):",
      expect.stringMatching(/^ - LAKEFORM_GCS_BUCKET "Not A Bucket" is not a GCS bucket name\. Fix: set it to the bucket's name alone .*, or unset it\.$/),
      expect.stringMatching(/^ - LAKEFORM_BIGQUERY .* has a bad project \(a GCP project id such as acme-data-prod\), a bad defaultMaxBytesBilled \(a size such as 500GB or 1TB\), a bad value \(Unrecognized key: "extra"\)\. Fix: set project, location and prefix .*\.$/),
    ]);
    expect(() => runtimeConfigFrom({ LAKEFORM_BIGQUERY: "{project" })).toThrow(/LAKEFORM_BIGQUERY .* is not JSON\. Fix: set it to BigQuery's settings as JSON/);
  });

  it("refuses combinations that cannot work, naming the fix", () => {
    expect(() => runtimeConfigFrom({ LAKEFORM_GCS_ENDPOINT: "http://127.0.0.1:4443" })).toThrow("LAKEFORM_GCS_ENDPOINT is set but LAKEFORM_GCS_BUCKET is not. Fix: set LAKEFORM_GCS_BUCKET to the bucket of the data files, or unset LAKEFORM_GCS_ENDPOINT.");
    expect(() => runtimeConfigFrom({ LAKEFORM_GCS_BUCKET: "lf-data", LAKEFORM_S3_BUCKET: "lf-data" })).toThrow("LAKEFORM_GCS_BUCKET and LAKEFORM_S3_BUCKET are both set: data files live in one object store. Fix:");
    expect(() => runtimeConfigFrom({ LAKEFORM_BIGQUERY: JSON.stringify(BIGQUERY) })).toThrow("LAKEFORM_BIGQUERY is set but LAKEFORM_GCS_BUCKET is not: BigQuery loads sources' files from Cloud Storage. Fix:");
    expect(() => runtimeConfigFrom({ LAKEFORM_DEFAULT_ENGINE: "bigquery" })).toThrow("LAKEFORM_DEFAULT_ENGINE is bigquery but LAKEFORM_BIGQUERY is not set. Fix: set LAKEFORM_BIGQUERY to BigQuery's settings, or LAKEFORM_DEFAULT_ENGINE to duckdb.");
  });
});
