import { describe, expect, it } from "vitest";
import { environmentOf, lakeformValues } from "../../../infra/plan/environment.ts";

const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0";

describe("a stack's environment", () => {
  it("is read from its values, with the defaults", () => {
    const environment = environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE });
    expect(environment).toMatchObject({ name: "prod", cloud: "aws", region: "eu-west-1", prefix: "lf-prod", protectData: true, defaultEngine: "duckdb", consumers: [], schedulerIntervalMinutes: 15, runtimeImage: IMAGE, logRetentionDays: 30 });
    expect(environment.lifecycle.raw).toEqual({ infrequentAfterDays: 30, archiveInstantAfterDays: 90 });
    expect(environment.emr).toEqual({ releaseLabel: "emr-7.5.0", instanceTypes: ["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"], coreNodes: 2, spot: true });
    expect(Object.isFrozen(environment)).toBe(true);
    expect(environmentOf("gcp-dev", { cloud: "gcp", gcpProject: "acme-data-dev", region: "europe-west1", prefix: "lf-gdev", protectData: "false", runtimeImage: IMAGE, defaultEngine: "bigquery" })).toMatchObject({ cloud: "gcp", gcpProject: "acme-data-dev", protectData: false, defaultEngine: "bigquery" });
    expect(environment).not.toHaveProperty("gcpProject");
  });

  it("reads structured values from YAML objects and from the JSON text of `pulumi config`", () => {
    const consumers = { analysts: { principal: "arn:aws:iam::123456789012:role/analysts", tiers: ["curated", "clean"] }, privacy: { principal: "arn:aws:iam::123456789012:role/privacy", tiers: ["raw"], pii: true } };
    const fromYaml = environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE, consumers, lifecycle: { curated: { infrequentAfterDays: 90 } }, emr: { coreNodes: 4, spot: false } });
    const fromText = environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE, consumers: JSON.stringify(consumers), lifecycle: JSON.stringify({ curated: { infrequentAfterDays: 90 } }), emr: JSON.stringify({ coreNodes: 4, spot: false }) });
    expect(fromText).toEqual(fromYaml);
    expect(fromYaml.consumers).toEqual([
      { name: "analysts", principal: "arn:aws:iam::123456789012:role/analysts", tiers: ["clean", "curated"], pii: false },
      { name: "privacy", principal: "arn:aws:iam::123456789012:role/privacy", tiers: ["raw"], pii: true },
    ]);
    expect(fromYaml.lifecycle.curated).toEqual({ infrequentAfterDays: 90 });
    expect(fromYaml.emr).toMatchObject({ coreNodes: 4, spot: false, instanceTypes: ["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"] });
  });

  it("reads governance rule levels and the maximum retention of personal data, left out when unset", () => {
    const base = { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE };
    const fromYaml = environmentOf("prod", { ...base, policies: { "asset-has-owner": "advisory", "naming-conventions": "disabled" }, maxPiiRetentionDays: 365 });
    expect(fromYaml.policies).toEqual({ "asset-has-owner": "advisory", "naming-conventions": "disabled" });
    expect(fromYaml.maxPiiRetentionDays).toBe(365);
    expect(environmentOf("prod", { ...base, policies: JSON.stringify({ "asset-has-owner": "advisory" }), maxPiiRetentionDays: "30" })).toMatchObject({ policies: { "asset-has-owner": "advisory" }, maxPiiRetentionDays: 30 });
    const unset = environmentOf("prod", base);
    expect(unset).not.toHaveProperty("policies");
    expect(unset).not.toHaveProperty("maxPiiRetentionDays");
  });

  it("lists every wrong governance setting with its fix", () => {
    let message = "";
    try {
      environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE, policies: { "asset-has-owner": "strict", Bad_Id: "advisory" }, maxPiiRetentionDays: 0 });
    } catch (error) {
      message = (error as Error).message;
    }
    const fixPolicies = "Fix: pulumi config set --path 'lakeform:policies.asset-has-owner' advisory (rule ids in kebab-case, as `lakeform policy list` shows them; levels: advisory, mandatory, disabled).";
    expect(message.split("\n")).toEqual([
      'Stack "prod": invalid configuration (3 problems):',
      ` - lakeform:policies.asset-has-owner is "strict" (invalid option: expected one of "advisory"|"mandatory"|"disabled"). ${fixPolicies}`,
      ` - lakeform:policies.Bad_Id is "advisory" (invalid key in record). ${fixPolicies}`,
      " - lakeform:maxPiiRetentionDays is 0. Fix: pulumi config set lakeform:maxPiiRetentionDays 365 (whole days; assets holding personal data must declare retentionDays within it).",
    ]);
  });

  it("takes the lakeform namespace of a whole configuration", () => {
    expect(lakeformValues({ "lakeform:region": "eu-west-1", "aws:region": "us-east-1", "lakeform:prefix": "lf-dev" })).toEqual({ region: "eu-west-1", prefix: "lf-dev" });
  });

  it("lists every problem at once, each with the command that fixes it", () => {
    const values = {
      cloud: "azure",
      prefix: "LF_DEV",
      protectData: "yes",
      regoin: "eu-west-1",
      schedulerInterval: "90s",
      runtimeImage: "lakeform",
      lifecycle: { raw: { infrequentAfterDays: 45, archiveAfterDays: 40 } },
      consumers: "{not json",
      emr: { coreNodes: -1 },
    };
    let message = "";
    try {
      environmentOf("dev", values);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      'Stack "dev": invalid configuration (10 problems):',
      ' - lakeform:cloud is "azure". Fix: pulumi config set lakeform:cloud aws (or gcp).',
      " - lakeform:region is not set. Fix: pulumi config set lakeform:region eu-west-1 (your cloud's region).",
      ' - lakeform:prefix is "LF_DEV". Fix: pulumi config set lakeform:prefix lf-dev (lowercase letters, digits and dashes, starting with a letter, at most 20).',
      ' - lakeform:protectData is "yes". Fix: pulumi config set lakeform:protectData true (or false).',
      ` - lakeform:consumers is "{not json", which is not a structured value. Fix: pulumi config set --path 'lakeform:consumers.analysts.principal' arn:aws:iam::123456789012:role/analysts, and lakeform:consumers.analysts.tiers[0] curated (names in lowercase letters, digits and dashes; pii true or false).`,
      ' - lakeform:schedulerInterval is "90s". Fix: pulumi config set lakeform:schedulerInterval 15m (whole minutes, from 1m to 24h).',
      ' - lakeform:runtimeImage is "lakeform". Fix: pulumi config set lakeform:runtimeImage 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0 (an image built from the repo\'s Dockerfile, with a tag or digest).',
      ` - lakeform:emr.coreNodes is -1 (too small: expected number to be >=0). Fix: pulumi config set --path 'lakeform:emr.instanceTypes[0]' m7g.xlarge (keys: releaseLabel emr-7.5.0, instanceTypes — at least 3 for spot, coreNodes 0–100, spot true/false).`,
      " - lakeform:regoin is not a Lakeform setting. Fix: did you mean lakeform:region? pulumi config rm lakeform:regoin (settings: cloud, region, gcpProject, prefix, protectData, defaultEngine, lifecycle, consumers, schedulerInterval, runtimeImage, alertWebhookSecret, emr, logRetentionDays, policies, maxPiiRetentionDays).",
      " - lakeform:lifecycle.raw.archiveAfterDays is 40, not after infrequentAfterDays (45). Fix: give each later step more days than the one before.",
    ]);
  });

  it("asks a GCP stack for its project and a schedule Cloud Scheduler can keep, every problem with its fix", () => {
    const values = { cloud: "gcp", region: "europe-west1", prefix: "lf-gdev", runtimeImage: IMAGE, schedulerInterval: "45m", consumers: { analysts: { principal: "arn:aws:iam::1:role/analysts", tiers: ["curated"] } } };
    expect(() => environmentOf("gcp-dev", values)).toThrow(
      [
        'Stack "gcp-dev": invalid configuration (3 problems):',
        " - lakeform:gcpProject is not set: a GCP stack deploys into one project. Fix: pulumi config set lakeform:gcpProject acme-data-gcp-dev (the project id: 6–30 lowercase letters, digits and dashes, starting with a letter).",
        ' - lakeform:schedulerInterval is "45m": Cloud Scheduler takes a cron, which repeats evenly only every divisor of an hour or whole hours dividing a day. Fix: pulumi config set lakeform:schedulerInterval 15m (or 1m, 2m, 5m, 10m, 20m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h).',
        ` - lakeform:consumers.analysts.principal is "arn:aws:iam::1:role/analysts", which is not a GCP IAM member. Fix: pulumi config set --path 'lakeform:consumers.analysts.principal' group:analysts@example.com (or user:…, serviceAccount:…, domain:…).`,
      ].join("\n"),
    );
    expect(() => environmentOf("gcp-dev", { ...values, gcpProject: "Acme_Data" })).toThrow('lakeform:gcpProject is "Acme_Data". Fix: pulumi config set lakeform:gcpProject acme-data-gcp-dev');
    const fine = environmentOf("gcp-dev", { ...values, gcpProject: "acme-data-dev", schedulerInterval: "2h", consumers: { analysts: { principal: "group:analysts@acme.example", tiers: ["curated"] } } });
    expect(fine).toMatchObject({ gcpProject: "acme-data-dev", schedulerIntervalMinutes: 120 });
  });

  it("refuses a GCP project on an AWS stack", () => {
    expect(() => environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE, gcpProject: "acme-data-prod" })).toThrow('lakeform:gcpProject is "acme-data-prod", but lakeform:cloud is "aws", which has no projects. Fix: pulumi config rm lakeform:gcpProject (or pulumi config set lakeform:cloud gcp).');
  });

  it("refuses an engine the stack's cloud does not offer", () => {
    expect(() => environmentOf("gcp-prod", { cloud: "gcp", gcpProject: "acme-data-prod", region: "europe-west1", prefix: "lf-gprod", runtimeImage: IMAGE, defaultEngine: "emr" })).toThrow('lakeform:defaultEngine is "emr", which runs on AWS only, but lakeform:cloud is "gcp". Fix: pulumi config set lakeform:defaultEngine bigquery (or duckdb).');
    expect(() => environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE, defaultEngine: "bigquery" })).toThrow('lakeform:defaultEngine is "bigquery", which runs on GCP only');
  });

  it("checks consumers: a principal, known tiers, a name fit for resource names", () => {
    expect(() => environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE, consumers: { analysts: { principal: "arn:aws:iam::1:role/a", tiers: ["gold"] } } })).toThrow(/lakeform:consumers\.analysts\.tiers\.0 is "gold"/);
    expect(() => environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE, consumers: { analysts: { tiers: ["curated"] } } })).toThrow(/lakeform:consumers\.analysts\.principal is "unset"/);
  });
});
