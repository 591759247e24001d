import { describe, expect, it, vi } from "vitest";
import { runProgram, stackConfig } from "./aws/mock-program.ts";

describe("the Pulumi program refuses what it cannot deploy", () => {
  it("fails on a broken catalog with the validation message", async () => {
    vi.resetModules();
    vi.doMock("../../assets/index.ts", async () => {
      const { aSource, anAsset } = await import("../support/declare.ts");
      return { default: [aSource("raw/orders"), anAsset("clean/orders", ["raw/order"])] };
    });
    await expect(runProgram("dev", stackConfig("dev"))).rejects.toThrow('Asset "clean/orders": depends on "raw/order", which is not declared. Fix: did you mean "raw/orders"?');
    vi.doUnmock("../../assets/index.ts");
  }, 60_000);

  it("fails on a GCP stack, whose components do not exist yet", async () => {
    vi.resetModules();
    await expect(runProgram("gcp-dev", stackConfig("dev", { "lakeform:cloud": "gcp", "lakeform:region": "europe-west1", "lakeform:prefix": "lf-gcp" }))).rejects.toThrow(
      'Stack "gcp-dev": lakeform:cloud is "gcp", whose Pulumi components are not written yet (GCP comes with issue 12); `lakeform plan --stack gcp-dev` shows what it would deploy. Fix: pulumi config set lakeform:cloud aws.',
    );
  }, 60_000);

  it("fails on an invalid stack configuration with every problem", async () => {
    vi.resetModules();
    await expect(runProgram("dev", stackConfig("dev", { "lakeform:prefix": "LF", "lakeform:schedulerInterval": "90s" }))).rejects.toThrow(/Stack "dev": invalid configuration \(2 problems\)/);
  }, 60_000);
});
