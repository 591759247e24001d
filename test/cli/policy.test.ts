import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sarifSchema from "../fixtures/sarif/sarif-2.1.0-minimal.schema.json" with { type: "json" };
import { runCli } from "../support/run-cli.ts";

const VIOLATIONS = join(process.cwd(), "test/fixtures/catalogs/policy-violations.ts");
const EXAMPLE = join(process.cwd(), "assets/index.ts");
const ENV = { PATH: process.env.PATH };
const STACK = [
  "config:",
  "  lakeform:cloud: aws",
  "  lakeform:region: eu-west-1",
  "  lakeform:prefix: lf-ci",
  "  lakeform:defaultEngine: emr",
  "  lakeform:runtimeImage: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0",
  "  lakeform:maxPiiRetentionDays: 30",
  "",
].join("\n");

const WAIVED = `import { asset, col, sql } from "lakeform";
export const people = asset("clean/people", {
  owners: ["ana@example.com"],
  columns: { id: col.string().primaryKey(), nom: col.string() },
  compute: sql\`select 'a' as id, 'b' as nom\`,
  costGuard: { maxRuntime: "1h" },
  waive: {
    "asset-has-owner": "Ana owns this prototype until the CRM team takes it over (agreed in PR #12)",
    "undeclared-pii": "nom is a product code here, not a French surname (reviewed by team:privacy)",
    "no-such-rule": "a typo in the rule id is reported",
  },
});
export default [people];
`;

let project: string;
const policy = (argv: readonly string[]) => runCli(["policy", ...argv], project, ENV);

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "lakeform-policy-"));
  writeFileSync(join(project, "Pulumi.ci.yaml"), STACK);
  writeFileSync(join(project, "Pulumi.strict.yaml"), `${STACK}  lakeform:policies:\n    naming-conventions: mandatory\n    asset-has-ownr: advisory\n`);
  writeFileSync(join(project, "Pulumi.relaxed.yaml"), `${STACK}  lakeform:policies:\n    asset-has-owner: advisory\n    naming-conventions: disabled\n`);
  writeFileSync(join(project, "waived.ts"), WAIVED);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const check = (catalog: string, ...more: string[]) => policy(["check", "--stack", "ci", "--skip-resources", "--catalog", catalog, ...more]);

describe("lakeform policy check", () => {
  it("passes the example platform (exit 0) and says so", async () => {
    const { code, stdout, stderr } = await check(EXAMPLE);
    expect(stderr).toBe("");
    expect(stdout.trim()).toMatch(/^Stack "ci" passes the policy check: \d+ rules run, 0 mandatory, 0 advisory, 0 waived findings\.$/);
    expect(code).toBe(0);
  });

  it("exits 1 on a mandatory finding; text lists each finding at its declaration with the fix", async () => {
    const { code, stdout } = await check(VIOLATIONS);
    expect(code).toBe(1);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^✗ mandatory asset-has-owner {2}\S*test\/fixtures\/catalogs\/policy-violations\.ts:5$/);
    expect(lines[1]).toBe('  Asset "raw/people": is owned by people only (someone@example.com). Fix: add the team that answers for it, e.g. owners: ["team:<name>", …].');
    expect(stdout).toContain('! advisory naming-conventions');
    expect(lines.at(-2)).toBe('Stack "ci" fails the policy check: 13 rules run, 14 mandatory, 2 advisory, 0 waived findings.');
  });

  it("--format github prints one annotation per finding on the declaration's line, errors for mandatory, warnings for advisory", async () => {
    const { code, stdout } = await check(VIOLATIONS, "--format", "github");
    expect(code).toBe(1);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(17);
    expect(lines.filter((l) => l.startsWith("::error file=")).length).toBe(14);
    expect(lines.filter((l) => l.startsWith("::warning file=")).length).toBe(2);
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=\S*test\/fixtures\/catalogs\/policy-violations\.ts,line=20,title=lakeform undeclared-pii::Asset "clean\/people": column "email" looks like an e-mail address but is not declared as personal data\. Fix: declare it \.pii\("email", "hash"\)/));
    expect(lines.at(-1)).toBe("lakeform policy check (stack ci): 14 mandatory, 2 advisory, 0 waived");
  });

  it("--format json gives the verdict, the counts, the rules with their levels and every finding", async () => {
    const { code, stdout } = await check(VIOLATIONS, "--format", "json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { stack: string; passed: boolean; summary: object; rules: { id: string; level: string }[]; findings: { rule: string; at?: string }[] };
    expect(report).toMatchObject({ stack: "ci", passed: false, summary: { mandatory: 14, advisory: 2, waived: 0 } });
    expect(report.rules.find((r) => r.id === "naming-conventions")?.level).toBe("advisory");
    expect(report.findings.every((f) => f.at !== undefined && /policy-violations\.ts:\d+$/.test(f.at))).toBe(true);
  });

  it("--format junit writes a test suite with a failure per mandatory finding and a passed case per clean rule", async () => {
    const { stdout } = await check(VIOLATIONS, "--format", "junit");
    expect(stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="lakeform policy check"')).toBe(true);
    expect(stdout.match(/<failure /g)).toHaveLength(14);
    expect(stdout).toContain('<testsuite name="lakeform policy check (stack ci)"');
    expect(stdout).toContain('<testcase classname="lakeform.policy.pii-grants" name="all assets"/>');
    expect(stdout).toContain("&quot;email&quot;");
    expect(stdout.trim().endsWith("</testsuites>")).toBe(true);
  });

  it("--format sarif is SARIF 2.1.0 (validated against the schema subset in test/fixtures/sarif), with file and line", async () => {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    const validate = ajv.compile(sarifSchema);
    for (const catalog of [VIOLATIONS, join(project, "waived.ts")]) {
      const { stdout } = await check(catalog, "--format", "sarif");
      const sarif = JSON.parse(stdout) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
      expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
      expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    }
    const { stdout } = await check(VIOLATIONS, "--format", "sarif");
    const first = (JSON.parse(stdout) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }).runs[0]?.results[0];
    expect(first?.ruleId).toBe("asset-has-owner");
    expect(first?.level).toBe("error");
    expect(first?.locations[0]?.physicalLocation.region.startLine).toBe(5);
    expect(first?.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/test\/fixtures\/catalogs\/policy-violations\.ts$/);
  });

  it("reports waived findings with their reason without failing, and a waiver naming no rule as a finding", async () => {
    const { code, stdout } = await check(join(project, "waived.ts"));
    expect(stdout).toContain('~ waived asset-has-owner  waived.ts:2\n  Asset "clean/people": is owned by people only (ana@example.com). Fix: add the team that answers for it, e.g. owners: ["team:<name>", …].\n  Waived: Ana owns this prototype until the CRM team takes it over (agreed in PR #12)');
    expect(stdout).toContain("~ waived undeclared-pii  waived.ts:4");
    expect(stdout).toContain('✗ mandatory waiver-valid  waived.ts:2\n  Asset "clean/people": waives "no-such-rule", which is not a rule. Fix: name a rule that `lakeform policy list` shows, or remove the waiver.');
    expect(code).toBe(1);
  });

  it("applies the stack's levels to findings (a waiver naming no rule stays mandatory)", async () => {
    const { code, stdout } = await policy(["check", "--stack", "relaxed", "--skip-resources", "--catalog", join(project, "waived.ts"), "--format", "json"]);
    const report = JSON.parse(stdout) as { findings: { rule: string; level: string; waived?: string }[] };
    expect(report.findings.find((f) => f.rule === "asset-has-owner")).toMatchObject({ level: "advisory" });
    expect(code).toBe(1); // the unknown waiver stays mandatory
  });

  it("exits 2 on a stack naming an unknown rule, a missing baseline or an unknown format", async () => {
    const unknown = await policy(["check", "--stack", "strict", "--skip-resources", "--catalog", EXAMPLE]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`Stack "strict": lakeform:policies names a rule that does not exist:\n - "asset-has-ownr". Fix: did you mean "asset-has-owner"? pulumi config rm --path 'lakeform:policies.asset-has-ownr' (rules: lakeform policy list).`);
    const baseline = await check(EXAMPLE, "--baseline", "main-plan.json");
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toContain("--baseline main-plan.json does not exist. Fix: pass the output of `lakeform plan --stack <stack> --json`");
    const format = await check(EXAMPLE, "--format", "xml");
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format xml is not a report format. Fix: use one of text, json, github, junit, sarif.");
    expect((await policy(["audit"])).code).toBe(2);
  });
});

describe("lakeform policy list", () => {
  it("documents every rule with its level in the stack, how to change it and how to waive it for one asset", async () => {
    const { code, stdout } = await policy(["list", "--stack", "relaxed"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n {2}asset-has-owner +advisory\* +Every asset has an owner/);
    expect(stdout).toMatch(/\n {2}naming-conventions +disabled\* /);
    expect(stdout).toMatch(/\n {2}column-removed +mandatory +Against --baseline/);
    expect(stdout).toMatch(/\n {2}bucket-tls-only +mandatory /);
    expect(stdout).toContain(`waive: { "<rule-id>": "why it does not apply here, and who agreed" }`);
    expect(stdout).toContain("pulumi config set --path 'lakeform:policies.<rule-id>' advisory   (in Pulumi.relaxed.yaml)");
    const json = JSON.parse((await policy(["list", "--stack", "ci", "--json"])).stdout) as { rules: { id: string; family: string }[] };
    expect(new Set(json.rules.map((r) => r.family))).toEqual(new Set(["asset", "compatibility", "resource", "waiver"]));
  });
});
