import { describe, expect, it } from "vitest";
import { environmentOf } from "../../infra/plan/environment.ts";

describe("a stack's environment", () => {
  it("is read from its values, with the defaults", () => {
    expect(environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod" })).toEqual({ name: "prod", cloud: "aws", region: "eu-west-1", prefix: "lf-prod", protectData: true });
    expect(environmentOf("gcp-dev", { cloud: "gcp", region: "europe-west1", prefix: "lf-gdev", protectData: "false" })).toMatchObject({ cloud: "gcp", protectData: false });
  });

  it("lists every problem at once, each with the command that fixes it", () => {
    expect(() => environmentOf("dev", { cloud: "azure", prefix: "LF_DEV", protectData: "yes" })).toThrow(
      [
        'Stack "dev": invalid configuration (4 problems):',
        ' - lakeform:cloud is "azure". Fix: pulumi config set lakeform:cloud aws (or gcp).',
        " - lakeform:region is not set. Fix: pulumi config set lakeform:region eu-west-1 (your cloud's region).",
        ' - lakeform:prefix is "LF_DEV". Fix: pulumi config set lakeform:prefix lf-dev (lowercase letters, digits and dashes, starting with a letter, at most 20).',
        ' - lakeform:protectData is "yes". Fix: pulumi config set lakeform:protectData true (or false).',
      ].join("\n"),
    );
  });
});
