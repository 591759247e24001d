import { col } from "lakeform";
import { describe, expect, it } from "vitest";
import { accessBindings, bindingName } from "../../../infra/gcp/iam/access-bindings.ts";
import { maskingRuleOf, piiKindsOf } from "../../../infra/gcp/governance/pii-taxonomy.ts";
import { tickCron } from "../../../infra/gcp/runtime/tick-cron.ts";
import { secretId } from "../../../infra/gcp/runtime/secret-id.ts";
import { tickContainer } from "../../../infra/gcp/runtime/tick-job.ts";
import { gcsLifecycleRules } from "../../../infra/gcp/storage/gcs-lifecycle-rules.ts";
import { bigQuerySchema, bigQueryType } from "../../../infra/gcp/warehouse/bigquery-schema.ts";
import { bigQueryTableArgs } from "../../../infra/gcp/warehouse/bigquery-table-args.ts";
import { columnTypes } from "../../../infra/plan/column-types.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import type { BucketPlan, TableColumn, TablePlan } from "../../../infra/plan/platform-plan.ts";
import { exampleGraph, IMAGE } from "../plan/example-stacks.ts";

const bucket = (overrides: Partial<BucketPlan>): BucketPlan => ({ role: "raw", name: "lf-t-raw", transitions: [], expirations: [], noncurrentVersionDays: 7, abortIncompleteUploadDays: 7, protected: true, ...overrides });
const column = (name: string, type = col.string().spec.type, extra: Partial<TableColumn> = {}): TableColumn => ({ name, type, types: columnTypes(type), nullable: true, primaryKey: false, ...extra });
const table = (overrides: Partial<TablePlan>): TablePlan => ({ asset: "clean/t", kind: "asset", tier: "clean", database: "lf_t_clean", name: "t", columns: [column("id")], location: { bucket: "lf-t-clean", prefix: "clean/t/" }, owners: [], tags: [], droppedPiiColumns: [], protected: false, ...overrides });

describe("GCS lifecycle from the plan", () => {
  it("moves live objects one class at a time to NEARLINE, COLDLINE and ARCHIVE", () => {
    const rules = gcsLifecycleRules(bucket({ transitions: [{ afterDays: 30, storageClass: "infrequent" }, { afterDays: 90, storageClass: "archive-instant" }, { afterDays: 365, storageClass: "archive" }] }));
    expect(rules.filter((r) => r.action.type === "SetStorageClass")).toEqual([
      { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: 30, matchesStorageClasses: ["STANDARD"], withState: "LIVE" } },
      { action: { type: "SetStorageClass", storageClass: "COLDLINE" }, condition: { age: 90, matchesStorageClasses: ["STANDARD", "NEARLINE"], withState: "LIVE" } },
      { action: { type: "SetStorageClass", storageClass: "ARCHIVE" }, condition: { age: 365, matchesStorageClasses: ["STANDARD", "NEARLINE", "COLDLINE"], withState: "LIVE" } },
    ]);
  });

  it("deletes the whole bucket's objects and each asset's prefix after their days, and replaced versions a week later", () => {
    const rules = gcsLifecycleRules(bucket({ expireAfterDays: 365, expirations: [{ prefix: "raw/a/", afterDays: 30, asset: "raw/a" }], noncurrentVersionDays: 3 }));
    expect(rules.filter((r) => r.action.type === "Delete")).toEqual([
      { action: { type: "Delete" }, condition: { age: 365, withState: "LIVE" } },
      { action: { type: "Delete" }, condition: { age: 30, matchesPrefixes: ["raw/a/"], withState: "LIVE" } },
      { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 3, withState: "ARCHIVED" } },
    ]);
  });
});

describe("BigQuery tables from the plan", () => {
  it("writes BigQuery's canonical types, NUMERIC within its limits and BIGNUMERIC beyond", () => {
    expect(bigQueryType(col.int64().spec.type)).toEqual({ type: "INTEGER" });
    expect(bigQueryType(col.double().spec.type)).toEqual({ type: "FLOAT" });
    expect(bigQueryType(col.decimal(38, 9).spec.type)).toEqual({ type: "NUMERIC", precision: "38", scale: "9" });
    expect(bigQueryType(col.decimal(40, 2).spec.type)).toEqual({ type: "BIGNUMERIC", precision: "40", scale: "2" });
    expect(bigQueryType(col.decimal(20, 12).spec.type)).toEqual({ type: "BIGNUMERIC", precision: "20", scale: "12" });
  });

  it("partitions hourly tables by HOUR on a dt TIMESTAMP, monthly by MONTH on a dt DATE", () => {
    const hourly = table({ partitioning: { column: "dt", kind: "time", granularity: "hourly", timezone: "UTC" }, retentionDays: 2 });
    expect(bigQueryTableArgs(hourly, "t").timePartitioning).toEqual({ type: "HOUR", field: "dt", expirationMs: 2 * 86_400_000 });
    expect(bigQuerySchema(hourly, {}).at(-1)).toMatchObject({ name: "dt", type: "TIMESTAMP", mode: "REQUIRED" });
    const monthly = table({ partitioning: { column: "dt", kind: "time", granularity: "monthly", timezone: "Asia/Tokyo" } });
    expect(bigQueryTableArgs(monthly, "t")).toMatchObject({ timePartitioning: { type: "MONTH", field: "dt" }, requirePartitionFilter: true });
    expect(bigQuerySchema(monthly, {}).at(-1)?.description).toContain("Asia/Tokyo");
  });

  it("clusters statically partitioned tables by their key instead, with no partition filter to require", () => {
    const args = bigQueryTableArgs(table({ partitioning: { column: "key", kind: "static" } }), "t");
    expect(args).toMatchObject({ clusterings: ["key"] });
    expect(args.timePartitioning).toBeUndefined();
    expect(args.requirePartitionFilter).toBeUndefined();
  });

  it("refuses a PII column whose kind has no policy tag, naming the asset and the fix", () => {
    const pii = table({ columns: [column("email", col.string().spec.type, { pii: { kind: "email", treatment: "hash" } })] });
    expect(() => bigQuerySchema(pii, {})).toThrow('Asset "clean/t": column email holds email data, which has no policy tag. Fix: create the policy tags from the same plan (piiKindsOf) before the tables.');
    expect(bigQuerySchema(pii, { email: "tags/email" })[0]?.policyTags).toEqual({ names: ["tags/email"] });
  });
});

describe("PII kinds and their masking", () => {
  const hashed = column("e", col.string().spec.type, { pii: { kind: "email", treatment: "hash" } });
  const masked = column("p", col.string().spec.type, { pii: { kind: "email", treatment: "mask" } });
  it("masks a kind with SHA-256 only when every column of it is a hashed string", () => {
    expect(maskingRuleOf("email", [table({ columns: [hashed] })])).toBe("SHA256");
    expect(maskingRuleOf("email", [table({ columns: [hashed] }), table({ columns: [masked] })])).toBe("DEFAULT_MASKING_VALUE");
    expect(piiKindsOf([table({ columns: [hashed, column("n", col.string().spec.type, { pii: { kind: "name", treatment: "hash" } })] })])).toEqual(["email", "name"]);
  });
});

describe("IAM bindings of the plan", () => {
  const plan = compile(exampleGraph(), environmentOf("gcp-t", { cloud: "gcp", gcpProject: "acme-t", region: "europe-west1", prefix: "lf-t", runtimeImage: IMAGE, consumers: { bi: { principal: "serviceAccount:bi@acme-t.iam.gserviceaccount.com", tiers: ["curated"] } } }));
  const bindings = accessBindings(plan, { runtime: "serviceAccount:rt", scheduler: "serviceAccount:sch" });

  it("gives a consumer of curated tables only data viewer there (curated holds no PII)", () => {
    expect(bindings.filter((b) => b.grantee === "bi").map((b) => [b.role, b.scope])).toEqual([["roles/bigquery.dataViewer", { kind: "dataset", tier: "curated" }]]);
  });

  it("names every binding uniquely", () => {
    const names = bindings.map(bindingName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("runtime-dataset-clean-bigquery.dataeditor");
  });
});

describe("the tick on GCP", () => {
  it("runs on a cron that repeats evenly, and refuses intervals a cron cannot keep", () => {
    expect([1, 5, 15, 30, 60, 120, 360, 1440].map(tickCron)).toEqual(["* * * * *", "*/5 * * * *", "*/15 * * * *", "*/30 * * * *", "0 * * * *", "0 */2 * * *", "0 */6 * * *", "0 0 * * *"]);
    expect(() => tickCron(45)).toThrow("Scheduler: an interval of 45 minutes cannot be written as a Cloud Scheduler cron that repeats evenly. Fix: pulumi config set lakeform:schedulerInterval 15m");
    expect(() => tickCron(300)).toThrow(/300 minutes/);
  });

  it("names secrets as Secret Manager allows, and gives a small tick at least one vCPU", () => {
    expect(secretId("lf-prod/alert.webhook@team")).toBe("lf-prod-alert-webhook-team");
    const plan = { environment: { name: "t" }, scheduler: { image: "img:1", cpu: 256, memoryMiB: 512 } } as unknown as Parameters<typeof tickContainer>[0];
    expect(tickContainer(plan, "p", { stateUrl: "s", piiKey: "k" }, { dataBuckets: "lf-t-{tier}-p", landingBucket: "lf-t-landing-p" }).resources.limits).toEqual({ cpu: "1", memory: "512Mi" });
  });
});
