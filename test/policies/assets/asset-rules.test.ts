import { describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, fileDrop, maxLag, ref, self, source, sql, type Columns } from "lakeform";
import exampleCatalog from "../../../assets/index.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import type { PlatformPlan } from "../../../infra/plan/platform-plan.ts";
import { readStackFile } from "../../../infra/plan/read-stack-file.ts";
import { ASSET_RULES } from "../../../policies/assets/asset-rules.ts";
import { assetFindings } from "../../../policies/assets/run-asset-rules.ts";
import type { ColumnProfileReading } from "../../../runtime/core/checks/read-audit.ts";
import type { Declarations } from "../../../runtime/core/graph/build-asset-graph.ts";
import { ruleLevels } from "../../../policies/rule-levels.ts";

const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0";
const STACK = { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE, defaultEngine: "emr", maxPiiRetentionDays: 90, consumers: { analysts: { principal: "arn:aws:iam::123456789012:role/analysts", tiers: ["raw", "clean", "curated"] } } };
const GUARD = { maxRuntime: "1h", maxBytesBilled: "10GB" } as const;

function run(declarations: Declarations, stack: Record<string, unknown> = {}, profiles?: ReadonlyMap<string, readonly ColumnProfileReading[]>, edit?: (plan: PlatformPlan) => PlatformPlan) {
  const environment = environmentOf("prod", { ...STACK, ...stack });
  const graph = buildAssetGraph(declarations, { ownersOptional: true });
  const plan = compile(graph, environment);
  return assetFindings({ graph, plan: edit === undefined ? plan : edit(plan), ...(profiles === undefined ? {} : { profiles }) }, ruleLevels(ASSET_RULES, environment.policies).levels);
}
/** The messages of one rule's findings, as `asset: message`. */
const of = (rule: string, findings: ReturnType<typeof run>) => findings.filter((f) => f.rule === rule).map((f) => `${f.asset}: ${f.message}`);

/** A small platform that follows every rule; each test breaks one. */
function platform(change: { sourceColumns?: Columns; source?: object; clean?: object; cleanColumns?: Columns; curated?: object } = {}) {
  const raw = source("raw/customers", {
    owners: ["team:crm"],
    from: fileDrop({ format: "csv", pattern: "customers/*.csv" }),
    columns: change.sourceColumns ?? { customer_id: col.string(), email: col.string().pii("email", "hash"), country: col.string() },
    retentionDays: 30,
    ...change.source,
  });
  const clean = asset("clean/customers", {
    owners: ["team:crm"],
    columns: change.cleanColumns ?? { customer_id: col.string().primaryKey(), email: col.string().pii("email", "hash"), country: col.string() },
    compute: sql`select customer_id, email, country from ${ref(raw)}`,
    checks: (c) => [c.sql("one_country", sql`select customer_id, country from ${self} where length(country) <> 2`)],
    costGuard: GUARD,
    ...change.clean,
  });
  const curated = asset("curated/countries", {
    owners: ["team:analytics"],
    columns: { country: col.string(), customers: col.int64() },
    compute: sql`select country, count(*) as customers from ${ref(clean)} group by 1`,
    checks: (c) => [c.rowCount({ min: 1 })],
    freshness: maxLag({ failAfter: "1d" }),
    costGuard: GUARD,
    ...change.curated,
  });
  return [raw, clean, curated];
}

describe("asset rules", () => {
  it("find nothing on a platform that follows them", () => {
    expect(run(platform())).toEqual([]);
  });

  it("find nothing on the example platform, on every stack of the repository (AWS and GCP)", () => {
    for (const stack of ["dev", "prod", "gcp-dev"]) {
      const environment = readStackFile(process.cwd(), stack);
      const graph = buildAssetGraph(exampleCatalog);
      expect({ stack, findings: assetFindings({ graph, plan: compile(graph, environment) }, ruleLevels(ASSET_RULES, environment.policies).levels) }).toEqual({ stack, findings: [] });
    }
  });

  it("asset-has-owner: an asset with no owner, or owned by people only", () => {
    const findings = run(platform({ source: { owners: [] }, curated: { owners: ["ana@example.com"] } }));
    expect(of("asset-has-owner", findings)).toEqual(["raw/customers: has no owner", "curated/countries: is owned by people only (ana@example.com)"]);
  });

  it("pii-has-treatment: a column carrying a parent's personal data without its own declaration", () => {
    const findings = run(platform({ cleanColumns: { customer_id: col.string().primaryKey(), email: col.string(), country: col.string() } }));
    expect(of("pii-has-treatment", findings)).toEqual(['clean/customers: column "email" holds personal data from raw/customers (email, hashed there) but declares no PII treatment']);
  });

  it("no-clear-text-pii: a computed PII column no parent provides treated the same way", () => {
    const findings = run(platform({ cleanColumns: { customer_id: col.string().primaryKey(), email: col.string().pii("email", "mask"), country: col.string() } }));
    expect(of("no-clear-text-pii", findings)).toEqual([
      'clean/customers: column "email" is declared PII (email, masked) but no parent it reads provides email masked: Lakeform treats personal data only where it lands, so this column may hold it in clear text',
    ]);
  });

  it("undeclared-pii: personal column names in several languages, and profiled values", () => {
    const names = { customer_id: col.string(), email_address: col.string(), telefono: col.string(), geburtsdatum: col.date(), prenom: col.string(), achternaam: col.string(), iban: col.string(), client_ip: col.string(), endereco: col.string(), has_email: col.boolean(), product_name: col.string(), contact: col.string(), country: col.string() };
    const profile = (name: string, min: string, max: string): ColumnProfileReading => ({ name, type: "VARCHAR", nulls: 0, distinct: 10, min, max, mean: null, stddev: null, minLength: null, maxLength: null, quantiles: null });
    const findings = run(platform({ sourceColumns: names }), {}, new Map([["raw/customers", [profile("contact", "ana@example.org", "zoe@example.com"), profile("country", "DE", "FR")]]]));
    expect(of("undeclared-pii", findings)).toEqual([
      'raw/customers: column "email_address" looks like an e-mail address but is not declared as personal data',
      'raw/customers: column "telefono" looks like a phone number but is not declared as personal data',
      'raw/customers: column "geburtsdatum" looks like a date of birth but is not declared as personal data',
      'raw/customers: column "prenom" looks like a person\'s name but is not declared as personal data',
      'raw/customers: column "achternaam" looks like a person\'s name but is not declared as personal data',
      'raw/customers: column "iban" looks like a national identifier or bank account but is not declared as personal data',
      'raw/customers: column "client_ip" looks like an IP address but is not declared as personal data',
      'raw/customers: column "endereco" looks like a postal address but is not declared as personal data',
      'raw/customers: column "contact" holds values that look like e-mail addresses (its latest profile\'s smallest and largest values) but is not declared as personal data',
    ]);
    expect(findings.find((f) => f.message.includes('"contact"'))?.message).not.toContain("example.org");
  });

  it("pii-retention: personal data without retention, or kept longer than the stack allows; unpartitioned assets inherit it", () => {
    expect(of("pii-retention", run(platform({ source: { retentionDays: undefined } })))).toEqual([
      'raw/customers: holds personal data ("email") but declares no retentionDays: it would be kept forever',
      'clean/customers: holds personal data ("email") but declares no retentionDays: it would be kept forever',
    ]);
    expect(of("pii-retention", run(platform(), { maxPiiRetentionDays: 7 }))).toEqual([
      'raw/customers: holds personal data ("email") with retentionDays 30, over stack "prod"\'s maximum of 7 days',
      'clean/customers: holds personal data ("email") with a retention of 30 days (inherited from raw/customers), over stack "prod"\'s maximum of 7 days',
    ]);
  });

  it("pii-grants: a role without PII access granted a PII column", () => {
    const leak = (plan: PlatformPlan): PlatformPlan => ({ ...plan, grants: plan.grants.map((g) => (g.asset === "clean/customers" ? { ...g, columns: [...g.columns, ...g.excludedColumns], excludedColumns: [] } : g)) });
    expect(of("pii-grants", run(platform(), {}, undefined, leak))).toEqual(['clean/customers: role "analysts" has no PII access in stack "prod" but is granted PII column "email"']);
  });

  it("curated-freshness-and-blocking-check: a curated asset without freshness or a blocking check", () => {
    const findings = run(platform({ curated: { freshness: undefined, checks: (c: { rowCount: (o: object, p: object) => unknown }) => [c.rowCount({ min: 1 }, { severity: "warn" })] } }));
    expect(of("curated-freshness-and-blocking-check", findings)).toEqual(["curated/countries: is curated but declares no freshness policy", "curated/countries: is curated but has no blocking check: bad data would be published"]);
  });

  it("no-upward-reads: an asset reading a tier above its own", () => {
    const [raw, clean, curated] = platform();
    const back = asset("clean/back", { owners: ["team:crm"], columns: { n: col.int64() }, compute: sql`select customers as n from ${ref(curated as never)}`, costGuard: GUARD });
    expect(of("no-upward-reads", run([raw, clean, curated, back] as never))).toEqual(["clean/back: is in clean but reads curated/countries, which is in curated, a tier above"]);
  });

  it("sql-check-explicit-columns: select * in a custom check of an asset holding personal data (not elsewhere)", () => {
    const star = { checks: (c: { sql: (n: string, q: unknown) => unknown }) => [c.sql("one_country", sql`select * from ${self} where length(country) <> 2`)] };
    expect(of("sql-check-explicit-columns", run(platform({ clean: star })))).toEqual(['clean/customers: custom check "one_country" selects *: its failing rows would carry every column, personal data included, into samples and alerts']);
    expect(of("sql-check-explicit-columns", run(platform({ curated: { ...star, checks: (c: { sql: (n: string, q: unknown) => unknown; rowCount: (o: object) => unknown }) => [c.rowCount({ min: 1 }), c.sql("x", sql`select * from ${self} where customers < 0`)] } })))).toEqual([]);
  });

  it("cloud-cost-guard: per the engine each asset resolves to in the stack", () => {
    const unguarded = platform({ clean: { costGuard: undefined } });
    expect(of("cloud-cost-guard", run(unguarded))).toEqual(['clean/customers: runs on EMR in stack "prod" without costGuard.maxRuntime: a stuck step keeps its cluster running']);
    expect(of("cloud-cost-guard", run(unguarded, { defaultEngine: "duckdb" }))).toEqual([]);
    const gcp = { cloud: "gcp", gcpProject: "acme-data-prod", region: "europe-west1", defaultEngine: "bigquery", consumers: {} };
    expect(of("cloud-cost-guard", run(platform({ clean: { costGuard: { maxRuntime: "1h" } } }), gcp))).toEqual(['clean/customers: runs on BigQuery in stack "prod" without costGuard.maxBytesBilled: one query could scan (and bill) whole tables']);
  });

  it("naming-conventions: keys <tier>/<name> and timestamps ending in _at (advisory)", () => {
    const findings = run(platform({ cleanColumns: { customer_id: col.string().primaryKey(), email: col.string().pii("email", "hash"), country: col.string(), updated: col.timestamp() } }));
    expect(findings.filter((f) => f.rule === "naming-conventions").map((f) => [f.level, f.message])).toEqual([["advisory", 'timestamp column "updated" does not end in _at']]);
  });

  it("run at the stack's levels: disabled rules do not run, advisory ones report without failing", () => {
    const broken = platform({ source: { owners: [] }, clean: { costGuard: undefined } });
    const findings = run(broken, { policies: { "asset-has-owner": "advisory", "cloud-cost-guard": "disabled" } });
    expect(findings.map((f) => [f.rule, f.level])).toEqual([["asset-has-owner", "advisory"]]);
  });
});
