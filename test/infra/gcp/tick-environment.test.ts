import { describe, expect, it } from "vitest";
import { tickContainer, tickEnvironmentOf } from "../../../infra/gcp/runtime/tick-job.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import { runtimeConfigFrom } from "../../../runtime/config/runtime-config.ts";
import { openObjectStore } from "../../../runtime/storage/open-object-store.ts";
import { workspaceOf } from "../../../runtime/workspace/workspace.ts";
import { exampleGraph, IMAGE } from "../plan/example-stacks.ts";

const plan = compile(exampleGraph(), environmentOf("gcp-t", { cloud: "gcp", gcpProject: "acme-t", region: "europe-west1", prefix: "lf-t", runtimeImage: IMAGE, defaultEngine: "bigquery" }));
const secrets = { stateUrl: "lf-t-state-url", piiKey: "lf-t-pii-key" };

describe("the tick's job on GCP", () => {
  it("tells the runtime where its data, landing and BigQuery are, in variables its configuration accepts", () => {
    const container = tickContainer(plan, "acme-t", secrets, tickEnvironmentOf(plan, "acme-t"));
    const env = Object.fromEntries(container.envs.flatMap((e) => ("value" in e ? [[e.name, e.value]] : [])));
    expect(env).toEqual({
      LAKEFORM_ENV: "gcp-t",
      GOOGLE_CLOUD_PROJECT: "acme-t",
      LAKEFORM_GCS_BUCKET: "lf-t-{tier}-acme-t",
      LAKEFORM_LANDING_DIR: "gs://lf-t-landing-acme-t/",
      LAKEFORM_DEFAULT_ENGINE: "bigquery",
      LAKEFORM_BIGQUERY: '{"project":"acme-t","location":"europe-west1","prefix":"lf-t"}',
    });
    expect(container.envs.filter((e) => "valueSource" in e).map((e) => e.name)).toEqual(["LAKEFORM_STATE_URL", "LAKEFORM_PII_KEY"]);

    // What the runtime makes of them: GCS per tier (the buckets the plan creates), BigQuery on the stack's datasets.
    const config = runtimeConfigFrom(env);
    expect(config.bigquery).toEqual({ project: "acme-t", location: "europe-west1", prefix: "lf-t" });
    expect(config.defaultEngine).toBe("bigquery");
    expect(config.landingDir).toBe("gs://lf-t-landing-acme-t/");
    const store = openObjectStore(config, workspaceOf({ environment: "gcp-t", cwd: "/tmp" }));
    expect(store.kind).toBe("gcs");
    for (const bucket of plan.buckets.filter((b) => b.role === "raw" || b.role === "clean" || b.role === "curated")) {
      expect(store.locationOf(`${bucket.role}/x/part-00000.parquet`)).toMatchObject({ uri: `gs://${bucket.name}-acme-t/${bucket.role}/x/part-00000.parquet` });
    }
  });

  it("refuses a plan whose tier buckets are not named alike", () => {
    const odd = { buckets: plan.buckets.map((b) => (b.role === "clean" ? { ...b, name: "elsewhere" } : b)) };
    expect(() => tickEnvironmentOf(odd, "acme-t")).toThrow("Plan: the tier buckets are not named alike but for the tier (the clean bucket is elsewhere-acme-t). Fix: compile the plan with compile() from infra/plan, which names them <prefix>-<tier>.");
  });
});
