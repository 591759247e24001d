import type { PolicyResource, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import type { CollectedResource } from "../../../policies/collect/collected-resource.ts";
import { crossGuardPolicies } from "../../../policies/crossguard/crossguard-policies.ts";
import { RESOURCE_RULES } from "../../../policies/resources/resource-rules.ts";
import { resource, s3BucketWithConfigs, T } from "./fixtures.ts";

// The pack's policies called the way the CrossGuard analyzer calls them, without `new PolicyPack`.
const urnOf = (r: Pick<CollectedResource, "type" | "name">) => `urn:pulumi:prod::lakeform::${r.type}::${r.name}`;
const notApplicable = (): never => { throw new Error("not applicable"); };

function resourceArgs(r: CollectedResource): ResourceValidationArgs {
  return { type: r.type, name: r.name, props: { ...r.props }, urn: urnOf(r), opts: {} as ResourceValidationArgs["opts"], stackTags: new Map(), isType: () => false, asType: () => undefined, getConfig: <T extends object>() => ({}) as T, notApplicable };
}

/** A PolicyResource whose `bucket` input was computed from `from` (as in a preview, where its value is unknown). */
function policyResource(r: CollectedResource, from?: PolicyResource): PolicyResource {
  return { type: r.type, name: r.name, props: { ...r.props }, urn: urnOf(r), opts: {} as PolicyResource["opts"], dependencies: from === undefined ? [] : [from], propertyDependencies: from === undefined ? {} : { bucket: [from] }, isType: () => false, asType: () => undefined };
}

const stackArgs = (resources: PolicyResource[]): StackValidationArgs => ({ resources, stackTags: new Map(), getConfig: <T extends object>() => ({}) as T, notApplicable });

const policy = <P extends ResourceValidationPolicy | StackValidationPolicy>(name: string) => crossGuardPolicies().find((p) => p.name === name) as P;

describe("the CrossGuard policies of the pack", () => {
  it("are the resource rules, one policy each, named by id at the default level", () => {
    expect(crossGuardPolicies().map((p) => [p.name, p.enforcementLevel, p.description])).toEqual(RESOURCE_RULES.map((r) => [r.id, r.defaultLevel, r.description]));
  });

  it("report a rule over one resource from validateResource, with the fix", async () => {
    const reports: string[] = [];
    const bad = resource(T.rolePolicy, "task", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }] }) });
    const validate = policy<ResourceValidationPolicy>("iam-no-data-wildcard").validateResource as ResourceValidation;
    await validate(resourceArgs(bad), (message) => { reports.push(message); });
    expect(reports).toEqual(['IAM policy of RolePolicy "task" (statement 1) allows "s3:*". Fix: list the exact actions the role needs (e.g. s3:GetObject, glue:GetTable) and name the buckets and prefixes they apply to (arn:aws:s3:::<bucket>/<prefix>*).']);
  });

  it("report a rule over several resources from validateStack, on the bucket's URN, linking by property dependencies", async () => {
    const [bucket, ...configs] = s3BucketWithConfigs("raw", { sse: { sseAlgorithm: "AES256" } });
    const bucketResource = policyResource({ ...bucket!, props: { tags: bucket!.props.tags } });
    const resources = [bucketResource, ...configs.map((c) => policyResource({ ...c, props: { ...c.props, bucket: undefined } }, bucketResource))];
    const reports: [string, string | undefined][] = [];
    for (const name of ["bucket-encrypted", "bucket-public-access-blocked", "bucket-versioned", "bucket-lifecycle", "bucket-tls-only"]) {
      await policy<StackValidationPolicy>(name).validateStack(stackArgs(resources), (message, urn) => { reports.push([message, urn]); });
    }
    expect(reports).toEqual([[expect.stringMatching(/^Bucket "storage-raw" is encrypted with AES256, not a KMS key\. Fix: /), urnOf(bucket!)]]);
  });
});
