import { describe, expect, it } from "vitest";
import { buildAssetGraph } from "lakeform";
import catalog from "../../fixtures/catalogs/policy-violations.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import { ASSET_RULES } from "../../../policies/assets/asset-rules.ts";
import { assetFindings } from "../../../policies/assets/run-asset-rules.ts";
import { describeFinding } from "../../../policies/report/policy-report.ts";
import { ruleLevels } from "../../../policies/rule-levels.ts";

const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0";

describe("a catalog breaking every asset rule", () => {
  it("gives the exact findings, each at the line of its declaration (the column's own line for column findings)", () => {
    const graph = buildAssetGraph(catalog, { ownersOptional: true });
    const environment = environmentOf("prod", { region: "eu-west-1", prefix: "lf-prod", runtimeImage: IMAGE, maxPiiRetentionDays: 30, consumers: { analysts: { principal: "arn:aws:iam::123456789012:role/analysts", tiers: ["clean"] } } });
    const findings = assetFindings({ graph, plan: compile(graph, environment) }, ruleLevels(ASSET_RULES).levels);
    expect(findings.map((f) => [f.rule, f.level, f.at?.replace("test/fixtures/catalogs/", ""), describeFinding(f)])).toEqual([
      ["asset-has-owner", "mandatory", "policy-violations.ts:5", "Asset \"raw/people\": is owned by people only (someone@example.com). Fix: add the team that answers for it, e.g. owners: [\"team:<name>\", …]."],
      ["pii-has-treatment", "mandatory", "policy-violations.ts:20", "Asset \"clean/people\": column \"email\" holds personal data from raw/people (email, hashed there) but declares no PII treatment. Fix: declare it .pii(\"email\", \"hash\") so the catalog tags it and grants withhold it from roles without PII access."],
      ["no-clear-text-pii", "mandatory", "policy-violations.ts:21", "Asset \"clean/people\": column \"phone\" is declared PII (phone, masked) but no parent it reads provides phone masked: Lakeform treats personal data only where it lands, so this column may hold it in clear text. Fix: compute it from a source column declared .pii(\"phone\", \"mask\") (land the data through a source that treats it), or drop the column."],
      ["undeclared-pii", "mandatory", "policy-violations.ts:11", "Asset \"raw/people\": column \"vorname\" looks like a person's name but is not declared as personal data. Fix: declare it .pii(\"name\", \"hash\") (or another treatment); if it holds no personal data, waive the rule for this asset with the reason."],
      ["undeclared-pii", "mandatory", "policy-violations.ts:20", "Asset \"clean/people\": column \"email\" looks like an e-mail address but is not declared as personal data. Fix: declare it .pii(\"email\", \"hash\") (or another treatment); if it holds no personal data, waive the rule for this asset with the reason."],
      ["pii-retention", "mandatory", "policy-violations.ts:5", "Asset \"raw/people\": holds personal data (\"email\") but declares no retentionDays: it would be kept forever. Fix: add retentionDays: 30 (days; erased people then leave this asset within that time)."],
      ["pii-retention", "mandatory", "policy-violations.ts:16", "Asset \"clean/people\": holds personal data (\"phone\") but declares no retentionDays: it would be kept forever. Fix: add retentionDays: 30 (days; erased people then leave this asset within that time)."],
      ["curated-freshness-and-blocking-check", "mandatory", "policy-violations.ts:29", "Asset \"curated/signups\": is curated but declares no freshness policy. Fix: add freshness: maxLag({ failAfter: \"26h\" }) (or cronDeadline(…)) so staleness alerts its owners."],
      ["curated-freshness-and-blocking-check", "mandatory", "policy-violations.ts:29", "Asset \"curated/signups\": is curated but has no blocking check: bad data would be published. Fix: add a check that blocks publishing, e.g. checks: (c) => [c.rowCount({ min: 1 })], or declare a primaryKey()."],
      ["no-upward-reads", "mandatory", "policy-violations.ts:36", "Asset \"enriched_signups\": is in raw but reads curated/signups, which is in curated, a tier above. Fix: read what curated/signups is built from instead, or move enriched_signups to curated."],
      ["sql-check-explicit-columns", "mandatory", "policy-violations.ts:25", "Asset \"clean/people\": custom check \"emails_are_hashed\" selects *: its failing rows would carry every column, personal data included, into samples and alerts. Fix: select the columns that identify and explain a failing row, e.g. select order_id, amount from … where …."],
      ["cloud-cost-guard", "mandatory", "policy-violations.ts:16", "Asset \"clean/people\": runs on EMR in stack \"prod\" without costGuard.maxRuntime: a stuck step keeps its cluster running. Fix: add costGuard: { maxRuntime: \"2h\" } (its cluster is terminated after it)."],
      ["naming-conventions", "advisory", "policy-violations.ts:22", "Asset \"clean/people\": timestamp column \"signed_up\" does not end in _at. Fix: rename it \"signed_up_at\"."],
      ["naming-conventions", "advisory", "policy-violations.ts:36", "Asset \"enriched_signups\": key \"enriched_signups\" is not \"raw/<lower_snake_case name>\". Fix: rename it \"raw/enriched_signups\" (and its refs)."],
    ]);
  });
});
