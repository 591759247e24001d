import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";

// The gate as CI runs it: asset rules, schema compatibility against main's plan, and the resource
// rules over the stack's Pulumi program run under mocks (a child process per stack).
const ROOT = process.cwd();
const ENV = { PATH: process.env.PATH };
const STACKS = ["dev", "gcp-dev", "prod"];

/** `text` with `from` replaced once by `to`; fails loudly when the example moved on. */
function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update this test's edit`);
  writeFileSync(file, text.replace(from, to));
}

let copy: string;
const baselines = new Map<string, string>();

beforeAll(async () => {
  for (const stack of STACKS) {
    const { code, stdout } = await runCli(["plan", "--stack", stack, "--json"], ROOT, ENV);
    expect(code).toBe(0);
    baselines.set(stack, stdout);
  }
  // A copy of the example platform with a pull request's mistakes. It lives inside the repository
  // so the copied Pulumi program resolves "lakeform" and node_modules as the original does.
  copy = mkdtempSync(join(ROOT, ".policy-gate-"));
  for (const part of ["assets", "infra", "Pulumi.yaml", ...STACKS.map((s) => `Pulumi.${s}.yaml`)]) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  symlinkSync(join(ROOT, "runtime"), join(copy, "runtime"));
  edit(join(copy, "assets/clean/customers.ts"), "    country_code: col.string().nullable()", "    contact_email: col.string().nullable(),\n    country_code: col.string().nullable()");
  edit(join(copy, "assets/curated/product-performance.ts"), 'owners: ["team:product", "team:analytics"],', "owners: [],");
  edit(join(copy, "assets/curated/daily-revenue.ts"), "    units_sold: col.int64(),\n", "");
  for (const stack of STACKS) writeFileSync(join(copy, `main-${stack}.json`), baselines.get(stack) ?? "");
}, 240_000);
afterAll(() => {
  if (copy !== undefined) rmSync(copy, { recursive: true, force: true });
});

const lineOf = (file: string, text: string) => readFileSync(join(copy, file), "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;

describe("lakeform policy check as the CI gate", () => {
  it("passes the unchanged example platform on every stack (asset, compatibility and resource rules): exit 0", async () => {
    for (const stack of STACKS) {
      writeFileSync(join(copy, `unchanged-${stack}.json`), baselines.get(stack) ?? "");
      const { code, stdout, stderr } = await runCli(["policy", "check", "--stack", stack, "--baseline", join(copy, `unchanged-${stack}.json`), "--format", "github"], ROOT, ENV);
      expect({ stack, stderr, stdout }).toEqual({ stack, stderr: "", stdout: `lakeform policy check (stack ${stack}): 0 mandatory, 0 advisory, 0 waived\n` });
      expect(code).toBe(0);
    }
  }, 300_000);

  it("fails a pull request with an undeclared e-mail column, an asset without owner and a dropped curated column: annotations on the declarations' lines", async () => {
    const { code, stdout } = await runCli(["policy", "check", "--stack", "prod", "--baseline", "main-prod.json", "--format", "github"], copy, ENV);
    expect(code).toBe(1);
    const lines = stdout.trim().split("\n");
    const customers = lineOf("assets/clean/customers.ts", "contact_email:");
    const performance = lineOf("assets/curated/product-performance.ts", 'asset("curated/product_performance"');
    const revenue = lineOf("assets/curated/daily-revenue.ts", 'asset("curated/daily_revenue"');
    expect(lines).toContain(
      `::error file=assets/clean/customers.ts,line=${customers},title=lakeform undeclared-pii::Asset "clean/customers": column "contact_email" looks like an e-mail address but is not declared as personal data. Fix: declare it .pii("email", "hash") (or another treatment); if it holds no personal data, waive the rule for this asset with the reason.`,
    );
    expect(lines).toContain(`::error file=assets/curated/product-performance.ts,line=${performance},title=lakeform asset-has-owner::Asset "curated/product_performance": has no owner. Fix: add owners: ["team:<name>"]; alerts go to the owners.`);
    expect(lines).toContain(
      `::error file=assets/curated/daily-revenue.ts,line=${revenue},title=lakeform column-removed::Asset "curated/daily_revenue": column "units_sold" was removed without being deprecated first; no asset of the catalog reads it; granted to role "analysts", role "privacy-office". Fix: keep it for one release, marked .deprecated("use …") so its readers can move, then remove it; or waive "column-removed" for this asset with the reason.`,
    );
    // The stack's Pulumi program refuses the owner-less asset too, as `pulumi up` would.
    expect(lines.some((l) => l.startsWith("::error title=lakeform program-runs::Stack \"prod\": its Pulumi program fails under mocks"))).toBe(true);
    expect(lines.at(-1)).toMatch(/^lakeform policy check \(stack prod\): \d+ mandatory, \d+ advisory, 0 waived$/);
  }, 240_000);
});
