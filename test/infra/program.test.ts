import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

describe("the Pulumi program", () => {
  let program: typeof import("../../infra/index.ts");

  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
        call: (args) => args.inputs,
      },
      "lakeform",
      "dev",
      false,
    );
    pulumi.runtime.setAllConfig({ "lakeform:cloud": "aws", "lakeform:region": "eu-west-1", "lakeform:prefix": "lf-dev" });
    program = await import("../../infra/index.ts");
  });

  it("builds the catalog's graph and exports the environment and assets by tier", () => {
    expect(program.env).toEqual({ name: "dev", cloud: "aws", region: "eu-west-1", prefix: "lf-dev", protectData: true });
    expect(program.assets.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(program.tiers)).toEqual(["raw", "clean", "curated"]);
    expect(program.tiers.raw?.every((key) => key.startsWith("raw/"))).toBe(true);
    expect([...(program.tiers.raw ?? []), ...(program.tiers.clean ?? []), ...(program.tiers.curated ?? [])].sort()).toEqual([...program.assets].sort());
  });
});
