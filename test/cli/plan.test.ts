import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAssetGraph } from "lakeform";
import catalog from "../../assets/index.ts";
import type { PlanDiff } from "../../infra/plan/plan-diff.ts";
import type { PlatformPlan } from "../../infra/plan/platform-plan.ts";
import { runCli } from "../support/run-cli.ts";

const CATALOG = join(process.cwd(), "assets/index.ts");
const ADDED = "curated/product_performance";
const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0";
/** No LAKEFORM_* variable of the machine running the tests leaks in. */
const ENV = { PATH: process.env.PATH };

function stackFile(prefix: string): string {
  return [
    "config:",
    "  lakeform:cloud: aws",
    "  lakeform:region: eu-west-1",
    `  lakeform:prefix: ${prefix}`,
    "  lakeform:protectData: true",
    "  lakeform:defaultEngine: emr",
    `  lakeform:runtimeImage: ${IMAGE}`,
    "  lakeform:consumers:",
    "    analysts:",
    "      principal: arn:aws:iam::123456789012:role/analysts",
    "      tiers: [curated]",
    "",
  ].join("\n");
}

let project: string;
const plan = (argv: readonly string[], env: Record<string, string | undefined> = ENV) => runCli(["plan", ...argv], project, env);

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "lakeform-plan-"));
  writeFileSync(join(project, "Pulumi.prod.yaml"), stackFile("lf-prod"));
  writeFileSync(join(project, "Pulumi.renamed.yaml"), stackFile("lf-prod2"));
  writeFileSync(join(project, "Pulumi.bad.yaml"), "config:\n  lakeform:cloud: azure\n  lakeform:prefix: LF_PROD\n  lakeform:regoin: eu-west-1\n");
  writeFileSync(join(project, "without-one.ts"), `import catalog from ${JSON.stringify(CATALOG)};\nexport default catalog.filter((d) => d.key !== ${JSON.stringify(ADDED)});\n`);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("lakeform plan", () => {
  it("--stack prod --json lists every example asset with a cost estimate, and creates no workspace", async () => {
    const { code, stdout, stderr } = await plan(["--stack", "prod", "--json", "--catalog", CATALOG]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as PlatformPlan;
    const keys = buildAssetGraph(catalog).keys;
    expect(result.formatVersion).toBe(1);
    expect(result.environment).toMatchObject({ name: "prod", prefix: "lf-prod", defaultEngine: "emr" });
    expect(result.tables.map((t) => t.asset)).toEqual(keys);
    expect(result.cost.perAsset.map((c) => c.asset)).toEqual(keys);
    expect(result.cost.perAsset.every((c) => c.monthlyUsd > 0 && c.items.length > 0)).toBe(true);
    expect(existsSync(join(project, ".lakeform"))).toBe(false);
  });

  it("shows people what each asset adds and what it costs a month, saying the prices are estimates", async () => {
    const { code, stdout } = await plan(["--stack", "prod", "--catalog", CATALOG]);
    expect(code).toBe(0);
    const json = JSON.parse((await plan(["--stack", "prod", "--json", "--catalog", CATALOG])).stdout) as PlatformPlan;
    expect(stdout).toContain('Plan for stack "prod": aws eu-west-1, prefix lf-prod, default engine emr, data protected');
    expect(stdout).toContain("curated/daily_revenue (asset, curated)\n  prefix     lf-prod-curated/curated/daily_revenue/\n  table      lf_prod_curated.daily_revenue: ");
    expect(stdout).toContain("raw/customers (source, raw)");
    expect(stdout).toMatch(/PII: email \(email, hash\), full_name \(name, hash\), phone \(phone, mask\); dropped at the door: birth_date/);
    for (const asset of json.cost.perAsset) expect(stdout).toMatch(new RegExp(`\\n${asset.asset} +\\$[\\d.]+ +\\$[\\d.]+ +\\$${asset.monthlyUsd.toFixed(2)}\\n`));
    expect(stdout).toContain(`Total: $${json.cost.totalMonthlyUsd.toFixed(2)}/month`);
    expect(stdout).toContain("state database (db.t4g.micro)");
    expect(stdout).toContain(`Prices: aws eu-west-1, as of ${json.cost.prices.asOf}, from ${json.cost.prices.source}.`);
    expect(stdout).toContain("These are estimates from list prices, not a quote. Assumptions: ");
  });

  it("takes the stack from --env or LAKEFORM_ENV when --stack is not given", async () => {
    const byVariable = await plan(["--json", "--catalog", CATALOG], { ...ENV, LAKEFORM_ENV: "prod" });
    expect(byVariable.code).toBe(0);
    expect((JSON.parse(byVariable.stdout) as PlatformPlan).environment.name).toBe("prod");
    const byOption = await plan(["--env", "renamed", "--json", "--catalog", CATALOG]);
    expect((JSON.parse(byOption.stdout) as PlatformPlan).environment.prefix).toBe("lf-prod2");
  });

  it("--diff against the plan of a catalog without one asset shows that one addition", async () => {
    const previous = await plan(["--stack", "prod", "--json", "--catalog", "without-one.ts"]);
    expect(previous.code).toBe(0);
    writeFileSync(join(project, "main-plan.json"), previous.stdout);
    const { code, stdout } = await plan(["--stack", "prod", "--diff", "main-plan.json", "--catalog", CATALOG]);
    expect(code).toBe(0);
    expect(stdout).toContain("1 asset added, 0 removed, 0 changed");
    expect(stdout).toMatch(/\n\+ curated\/product_performance: table lf_prod_curated\.product_performance \(9 columns\), 1 grant, \d+ resources, \+\$[\d.]+\/month\n/);
    const diff = JSON.parse((await plan(["--stack", "prod", "--diff", "main-plan.json", "--json", "--catalog", CATALOG])).stdout) as PlanDiff;
    expect(diff.assets.added.map((a) => a.asset)).toEqual([ADDED]);
    expect(diff.assets.removed).toEqual([]);
    expect(diff.assets.changed).toEqual([]);
  });

  it("--fail-on-destroy exits 1 naming each protected data resource that would go, and 0 otherwise", async () => {
    const current = await plan(["--stack", "prod", "--json", "--catalog", CATALOG]);
    writeFileSync(join(project, "prod-plan.json"), current.stdout);
    const same = await plan(["--stack", "prod", "--diff", "prod-plan.json", "--fail-on-destroy", "--catalog", CATALOG]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("No changes.");
    const renamed = await plan(["--stack", "renamed", "--diff", "prod-plan.json", "--fail-on-destroy", "--catalog", CATALOG]);
    expect(renamed.code).toBe(1);
    expect(renamed.stderr).toContain("✗ --fail-on-destroy: 5 protected resources holding data would be removed or replaced:");
    expect(renamed.stderr).toContain(' - Resource "bucket:raw": holds data in a protected stack and would be replaced. Fix: keep its name (revert the rename); to destroy it on purpose, first set lakeform:protectData false for the stack, deploy, and plan again.');
    const without = await plan(["--stack", "renamed", "--diff", "prod-plan.json", "--catalog", CATALOG]);
    expect(without.code).toBe(0);
  });

  it("names a missing stack file, the stacks there and the fix", async () => {
    const { code, stderr } = await plan(["--stack", "staging", "--catalog", CATALOG]);
    expect(code).toBe(2);
    expect(stderr).toContain(`✗ Stack "staging": Pulumi.staging.yaml does not exist in ${project} (stacks there: bad, prod, renamed). Fix: `);
  });

  it("lists every problem of an invalid stack configuration at once", async () => {
    const { code, stderr } = await plan(["--stack", "bad", "--catalog", CATALOG]);
    expect(code).toBe(2);
    expect(stderr).toContain('✗ Stack "bad": invalid configuration (5 problems):');
    expect(stderr).toContain(' - lakeform:cloud is "azure". Fix: pulumi config set lakeform:cloud aws (or gcp).');
    expect(stderr).toContain(" - lakeform:region is not set. Fix:");
    expect(stderr).toContain(' - lakeform:prefix is "LF_PROD". Fix:');
    expect(stderr).toContain(" - lakeform:runtimeImage is not set. Fix:");
    expect(stderr).toContain(" - lakeform:regoin is not a Lakeform setting. Fix: did you mean lakeform:region?");
  });

  it("refuses a previous plan that is not JSON, not a plan, or of another format, naming the file and the fix", async () => {
    writeFileSync(join(project, "broken.json"), "{ not json");
    writeFileSync(join(project, "future.json"), JSON.stringify({ formatVersion: 2 }));
    const broken = await plan(["--stack", "prod", "--diff", "broken.json", "--catalog", CATALOG]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^✗ broken\.json is not valid JSON \(.+\)\. Fix: produce it with `lakeform plan --stack <stack> --json > <file>`/);
    const future = await plan(["--stack", "prod", "--diff", "future.json", "--catalog", CATALOG]);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain("✗ future.json is a plan of format 2; this Lakeform reads format 1. Fix: ");
    const missing = await plan(["--stack", "prod", "--diff", "nowhere.json", "--catalog", CATALOG]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("✗ --diff nowhere.json does not exist. Fix: ");
    const lonely = await plan(["--stack", "prod", "--fail-on-destroy", "--catalog", CATALOG]);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toContain("--fail-on-destroy needs a plan to compare with. Fix: add --diff PREVIOUS.json");
  });

  it("documents its options in --help", async () => {
    const { code, stdout } = await plan(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: lakeform plan [--stack NAME] [--diff PREVIOUS.json] [--fail-on-destroy]");
    expect(stdout).toMatch(/--stack NAME +the stack whose Pulumi\.<NAME>\.yaml/);
    expect(stdout).toMatch(/--diff PREVIOUS\.json +compare with a plan saved by `lakeform plan --json`/);
    expect(stdout).toMatch(/--fail-on-destroy +with --diff: exit 1 when a protected resource holding data/);
  });

  it("prints the same JSON whatever the machine's time zone", async () => {
    const run = promisify(execFile);
    const bin = join(process.cwd(), "runtime/bin/lakeform.mjs");
    const inZone = async (TZ: string) => (await run(process.execPath, [bin, "plan", "--stack", "prod", "--json", "--catalog", CATALOG], { cwd: project, env: { ...ENV, TZ, LANG: "ja_JP.UTF-8" }, timeout: 60_000 })).stdout;
    const [utc, tokyo] = await Promise.all([inZone("UTC"), inZone("Asia/Tokyo")]);
    expect(utc.length).toBeGreaterThan(1000);
    expect(tokyo).toBe(utc);
  }, 90_000);
});
