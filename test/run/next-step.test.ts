import { describe, expect, it } from "vitest";
import { nextStep, type JobSighting } from "../../runtime/run/next-step.ts";
import type { MaterialisationPhase } from "../../runtime/state/records.ts";

const m = (phase: MaterialisationPhase) => ({ asset: "clean/orders", partition: "2024-01-01", phase, jobId: "lakeform_clean_orders_1" });
const step = (phase: MaterialisationPhase, job?: JobSighting) => nextStep(m(phase), job, "emr");

describe("the run lifecycle's transitions (pure)", () => {
  it("submits what is queued, waits on a running job, stages a succeeded one, audits the staged, publishes the audited", () => {
    expect(step("queued")).toEqual({ kind: "submit" });
    expect(step("submitted", { state: "queued" })).toEqual({ kind: "wait" });
    expect(step("submitted", { state: "running" })).toEqual({ kind: "wait" });
    expect(step("submitted", { state: "succeeded" })).toEqual({ kind: "stage" });
    expect(step("staged", { state: "succeeded" })).toEqual({ kind: "audit" });
    expect(step("audited")).toEqual({ kind: "publish" });
    expect(step("audited", { state: "unknown" })).toEqual({ kind: "publish" });
  });

  it("fails a failed job with its error, and a cancelled one saying so", () => {
    expect(step("submitted", { state: "failed", error: 'Asset "clean/orders": step failed' })).toEqual({ kind: "fail", reason: 'Asset "clean/orders": step failed' });
    expect(step("submitted", { state: "cancelled" })).toEqual({
      kind: "fail",
      reason: 'Asset "clean/orders" partition 2024-01-01: job lakeform_clean_orders_1 was cancelled before it finished; nothing it wrote is kept. Fix: run it again (a new attempt).',
    });
  });

  it("fails a job that can no longer be attached, naming the asset, the job and the engine", () => {
    for (const phase of ["submitted", "staged"] as const) {
      expect(step(phase, { state: "unknown" })).toEqual({
        kind: "fail",
        reason:
          'Asset "clean/orders" partition 2024-01-01: job lakeform_clean_orders_1 can no longer be attached on the emr engine (the process that ran it died, or the engine forgot it); nothing it wrote was published. Fix: none needed — the retry policy runs it again as a new attempt, or run lakeform materialize.',
      });
    }
    expect(nextStep({ ...m("submitted"), partition: "" }, undefined, "bigquery")).toMatchObject({ kind: "fail", reason: expect.stringMatching(/^Asset "clean\/orders": job lakeform_clean_orders_1 can no longer be attached on the bigquery engine/) });
  });
});
