import { describe, expect, it } from "vitest";
import { consumerDatabasePermissions, grantPermission, writerPermissions } from "../../../infra/aws/governance/lf-permissions.ts";
import { columnLfTags, domainOf, lfTagDefinitions, tableLfTags } from "../../../infra/aws/governance/lf-tags.ts";
import { lakeFormationRolePolicy } from "../../../infra/aws/governance/lake-formation-role-policy.ts";
import { compile } from "../../../infra/plan/compile.ts";
import type { TablePlan } from "../../../infra/plan/platform-plan.ts";
import { exampleGraph, prodEnvironment } from "../plan/example-stacks.ts";

const plan = compile(exampleGraph(), prodEnvironment());
const table = (asset: string) => plan.tables.find((t) => t.asset === asset) as TablePlan;
const account = { accountId: "123456789012", region: "eu-west-1", partition: "aws" };

describe("LF-tags", () => {
  it("define tier, domain (asset groups and none) and pii", () => {
    expect(lfTagDefinitions(plan)).toEqual([
      { key: "tier", values: ["raw", "clean", "curated"] },
      { key: "domain", values: ["marketing", "none", "product", "sales"] },
      { key: "pii", values: ["false", "true"] },
    ]);
    expect(domainOf({})).toBe("none");
    expect(domainOf({ group: "Sales Ops" })).toBe("sales-ops");
  });

  it("tag a table holding personal data pii=true, its PII columns true and every other column false", () => {
    expect(tableLfTags(table("raw/web_events"))).toEqual([{ key: "tier", value: "raw" }, { key: "domain", value: "marketing" }, { key: "pii", value: "true" }]);
    const columns = columnLfTags(table("raw/web_events"));
    expect(columns[0]).toEqual({ columnNames: ["ip_address"], lfTags: [{ key: "pii", value: "true" }] });
    expect(columns[1]?.columnNames).toContain("dt");
    expect([...(columns[0]?.columnNames ?? []), ...(columns[1]?.columnNames ?? [])].sort()).toEqual([...table("raw/web_events").columns.map((c) => c.name), "dt"].sort());
  });

  it("leave columns of a table without personal data to inherit pii=false", () => {
    expect(tableLfTags(table("curated/daily_revenue")).find((t) => t.key === "pii")?.value).toBe("false");
    expect(columnLfTags(table("curated/daily_revenue"))).toEqual([]);
  });

  it("cover every PII column of the example platform", () => {
    for (const t of plan.tables) {
      const tagged = columnLfTags(t).filter((c) => c.lfTags.some((l) => l.value === "true")).flatMap((c) => c.columnNames);
      expect(tagged).toEqual(t.columns.filter((c) => c.pii !== undefined).map((c) => c.name));
    }
  });
});

describe("Lake Formation permissions", () => {
  it("grant SELECT on exactly the granted columns plus the partition column", () => {
    const grant = plan.grants.find((g) => g.role === "analysts" && g.asset === "curated/daily_revenue");
    expect(grant).toBeDefined();
    const input = grantPermission(grant!, plan);
    expect(input).toEqual({
      id: "grant-analysts-curated-daily_revenue",
      principal: "arn:aws:iam::123456789012:role/analysts",
      permissions: ["SELECT"],
      tableWithColumns: { databaseName: "lf_prod_curated", name: "daily_revenue", columnNames: [...grant!.columns, "dt"] },
    });
  });

  it("withhold PII columns from roles without PII access, and give them to roles with it", () => {
    for (const grant of plan.grants) {
      const pii = table(grant.asset).columns.filter((c) => c.pii !== undefined).map((c) => c.name);
      const columns = grantPermission(grant, plan).tableWithColumns?.columnNames ?? [];
      if (grant.role === "analysts") expect(columns.filter((c) => pii.includes(c))).toEqual([]);
      else expect(columns).toEqual(expect.arrayContaining(pii));
    }
  });

  it("let consumers describe the databases they read, once each", () => {
    expect(consumerDatabasePermissions(plan).map((p) => p.id)).toEqual(["describe-analysts-lf_prod_curated", "describe-privacy-lf_prod_raw", "describe-privacy-lf_prod_clean", "describe-privacy-lf_prod_curated"]);
  });

  it("give the platform's roles this environment's databases and locations only", () => {
    const inputs = writerPermissions(plan, [{ name: "runtime", arn: "arn:aws:iam::123456789012:role/lf-prod-runtime-task" }], ["arn:aws:s3:::lf-prod-raw-123456789012"]);
    expect(inputs.filter((i) => i.database !== undefined).map((i) => i.database?.name)).toEqual(["lf_prod_raw", "lf_prod_clean", "lf_prod_curated"]);
    expect(inputs.filter((i) => i.table !== undefined).every((i) => i.table?.databaseName.startsWith("lf_prod_"))).toBe(true);
    expect(inputs.filter((i) => i.dataLocation !== undefined)).toEqual([{ id: "runtime-location-0", principal: "arn:aws:iam::123456789012:role/lf-prod-runtime-task", permissions: ["DATA_LOCATION_ACCESS"], dataLocation: { arn: "arn:aws:s3:::lf-prod-raw-123456789012" } }]);
  });

  it("let Lake Formation's location role use the tier buckets and the key only", () => {
    const document = lakeFormationRolePolicy(plan, account, "arn:aws:kms:eu-west-1:123456789012:key/k");
    const resources = document.Statement.flatMap((s) => s.Resource ?? []);
    expect([...new Set(resources.filter((r) => r.startsWith("arn:aws:s3")))].sort()).toEqual(
      ["clean", "curated", "raw"].flatMap((tier) => [`arn:aws:s3:::lf-prod-${tier}-123456789012`, `arn:aws:s3:::lf-prod-${tier}-123456789012/*`]).sort(),
    );
  });
});
