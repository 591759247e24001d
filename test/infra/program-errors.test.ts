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

  it("fails on a GCP stack without its project, with the configuration's message", async () => {
    vi.resetModules();
    await expect(runProgram("gcp-dev", stackConfig("gcp-dev", { "lakeform:gcpProject": "" }))).rejects.toThrow(
      'Stack "gcp-dev": invalid configuration (1 problem):\n - lakeform:gcpProject is not set: a GCP stack deploys into one project. Fix: pulumi config set lakeform:gcpProject acme-data-gcp-dev (the project id: 6–30 lowercase letters, digits and dashes, starting with a letter).',
    );
  }, 60_000);

  it("fails on an invalid stack configuration with every problem", async () => {
    vi.resetModules();
    await expect(runProgram("dev", stackConfig("dev", { "lakeform:prefix": "LF", "lakeform:schedulerInterval": "90s" }))).rejects.toThrow(/Stack "dev": invalid configuration \(2 problems\)/);
  }, 60_000);
});
