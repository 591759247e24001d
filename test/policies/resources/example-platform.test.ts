import { beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { collectResources, type CollectedResource } from "../../../policies/collect/collect-resources.ts";
import { resourceFindings } from "../../../policies/resources/resource-rules.ts";
import { T } from "./fixtures.ts";

// The example platform's Pulumi program, collected under mocks for each stack, passes every rule.
const PROJECT = fileURLToPath(new URL("../../../", import.meta.url));
const STACKS = ["dev", "prod", "gcp-dev"] as const;
/** Collection of one stack: measured ~6 s on this machine (2 shared cores); the bound leaves room for a busy one. */
const BOUND_MS = 45_000;

const collected = new Map<string, CollectedResource[]>();
const millis = new Map<string, number>();

beforeAll(async () => {
  for (const stack of STACKS) {
    const start = performance.now();
    collected.set(stack, await collectResources(PROJECT, stack));
    millis.set(stack, performance.now() - start);
  }
}, 240_000);

const of = (stack: string) => collected.get(stack) ?? [];
const without = (resources: readonly CollectedResource[], type: string, name: string) => resources.filter((r) => !(r.type === type && r.name === name));

describe("the example platform under every resource rule", () => {
  it.each(STACKS)("collects stack %s within the bound and finds nothing", (stack) => {
    expect(millis.get(stack)).toBeLessThan(BOUND_MS);
    expect(resourceFindings(of(stack))).toEqual([]);
  });

  it("collects what the rules read: six buckets per stack with their settings, PII columns and their tags, IAM", () => {
    const prod = of("prod");
    expect(prod.filter((r) => r.type === T.s3Bucket)).toHaveLength(6);
    for (const type of [T.sse, T.publicAccess, T.versioning, T.lifecycle, T.bucketPolicy]) expect(prod.filter((r) => r.type === type)).toHaveLength(6);
    expect(prod.filter((r) => r.type === T.glueTable).some((t) => JSON.stringify(t.props).includes("[PII "))).toBe(true);
    expect(prod.filter((r) => r.type === T.lfTags).length).toBeGreaterThan(0);
    expect(prod.filter((r) => r.type === T.rolePolicy).length).toBeGreaterThan(0);
    expect(of("gcp-dev").filter((r) => r.type === T.gcsBucket)).toHaveLength(6);
    expect(of("gcp-dev").filter((r) => r.type === T.projectMember).map((r) => r.props.role)).toEqual(["roles/bigquery.jobUser"]);
  });

  it("finds a data bucket once its KMS encryption is removed, and accepts SSE-S3 only on the tagged logs bucket", () => {
    const prod = of("prod");
    const noRawEncryption = without(prod, T.sse, "storage-raw-encryption");
    expect(resourceFindings(noRawEncryption).map((f) => [f.rule, f.resource?.name])).toEqual([["bucket-encrypted", "storage-raw"]]);
    const logsUntagged = prod.map((r) => (r.type === T.s3Bucket && r.name === "storage-logs" ? { ...r, props: { ...r.props, tags: {} } } : r));
    expect(resourceFindings(logsUntagged).map((f) => f.message)).toEqual(['Bucket "lf-prod-logs-123456789012" is encrypted with AES256, not a KMS key']);
  });

  it("finds a PII column once its LF-tag assignment is removed", () => {
    const prod = of("prod");
    const piiTags = prod.find((r) => r.type === T.lfTags && JSON.stringify(r.props.lfTags).includes('"value":"true"') && r.props.tableWithColumns !== undefined);
    expect(piiTags).toBeDefined();
    const findings = resourceFindings(without(prod, T.lfTags, piiTags!.name));
    expect(findings.map((f) => f.rule)).toEqual(["pii-columns-tagged"]);
  });

  it("is deterministic: the same stack collected again gives the same resources in the same order", async () => {
    expect(await collectResources(PROJECT, "dev")).toEqual(of("dev"));
  }, 120_000);

  it("refuses a stack without a stack file, naming the stacks there", async () => {
    await expect(collectResources(PROJECT, "staging")).rejects.toThrow(/Stack "staging": Pulumi\.staging\.yaml does not exist in .* \(stacks there: dev, gcp-dev, prod\)/);
  });
});
