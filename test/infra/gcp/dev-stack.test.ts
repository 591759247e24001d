import { beforeAll, describe, expect, it } from "vitest";
import { dataResourceOptions } from "../../../infra/gcp/gcp-project.ts";
import { ofType, only, runGcpProgram, stackConfig, type CreatedResource } from "./mock-program.ts";

// The Pulumi program on the gcp-dev stack (Pulumi.gcp-dev.yaml, as shipped) under mocks.
describe("the Pulumi program on the gcp-dev stack", () => {
  let resources: CreatedResource[];
  let program: Awaited<ReturnType<typeof runGcpProgram>>["program"];

  beforeAll(async () => {
    ({ resources, program } = await runGcpProgram("gcp-dev", stackConfig("gcp-dev")));
  }, 60_000);

  it("reads the stack's configuration into a GCP environment", () => {
    expect(program.env).toMatchObject({ name: "gcp-dev", cloud: "gcp", gcpProject: "acme-data-dev", region: "europe-west1", prefix: "lf-gdev", protectData: false, defaultEngine: "bigquery", schedulerIntervalMinutes: 30 });
    expect(program.emr).toBeUndefined();
    expect(program.buckets.landing).toBe("lf-gdev-landing-acme-data-dev");
  });

  it("deploys one BigQuery table per asset and ticks every 30 minutes", () => {
    expect(ofType(resources, "gcp:bigquery/table:Table")).toHaveLength(program.assets.length);
    expect(only(ofType(resources, "gcp:cloudscheduler/job:Job")).inputs.schedule).toBe("*/30 * * * *");
  });

  it("leaves dev data unprotected: tables, datasets, buckets and the state database can be destroyed", () => {
    expect(ofType(resources, "gcp:bigquery/table:Table").every((t) => t.inputs.deletionProtection === false)).toBe(true);
    expect(ofType(resources, "gcp:bigquery/dataset:Dataset").every((d) => d.inputs.deleteContentsOnDestroy === true)).toBe(true);
    expect(ofType(resources, "gcp:storage/bucket:Bucket").every((b) => b.inputs.forceDestroy === true)).toBe(true);
    const state = only(ofType(resources, "gcp:sql/databaseInstance:DatabaseInstance")).inputs;
    expect(state.deletionProtection).toBe(false);
    expect(state.settings).toMatchObject({ deletionProtectionEnabled: false, backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: false } });
  });

  it("gives the data team masked values of every PII kind and no clear ones", () => {
    const team = resources.filter((r) => r.inputs.member === "group:data-team@acme.example");
    expect(team.filter((b) => b.inputs.role === "roles/bigquerydatapolicy.maskedReader").map((b) => b.inputs.dataPolicyId).sort()).toEqual(["lf_gdev_email_masked", "lf_gdev_ip_address_masked", "lf_gdev_name_masked", "lf_gdev_phone_masked"]);
    expect(team.filter((b) => b.inputs.role === "roles/datacatalog.categoryFineGrainedReader")).toEqual([]);
  });
});

describe("data resources of a protected GCP stack", () => {
  it("are protected and retained on delete; unprotected ones are neither", () => {
    expect(dataResourceOptions(true)).toEqual({ protect: true, retainOnDelete: true });
    expect(dataResourceOptions(false)).toEqual({ protect: false, retainOnDelete: false });
  });
});
