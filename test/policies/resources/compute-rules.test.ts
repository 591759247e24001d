import { describe, expect, it } from "vitest";
import { runJobFlowInput } from "../../../runtime/engines/emr/run-job-flow-input.ts";
import { resourceFindings } from "../../../policies/resources/resource-rules.ts";
import { runJobFlowFindings } from "../../../policies/resources/run-job-flow-findings.ts";
import { resource, T } from "./fixtures.ts";

const cluster = (props: Record<string, unknown>) => resource(T.emrCluster, "adhoc", { name: "adhoc-spark", releaseLabel: "emr-7.5.0", serviceRole: "r", ...props });

describe("emr-cluster-tagged-auto-terminating on EMR clusters in the stack", () => {
  it("accepts a tagged cluster that stops when its steps are done or when idle", () => {
    expect(resourceFindings([cluster({ tags: { "lakeform:environment": "prod" }, keepJobFlowAliveWhenNoSteps: false })])).toEqual([]);
    expect(resourceFindings([cluster({ tags: { "lakeform:environment": "prod" }, autoTerminationPolicy: { idleTimeout: 600 } })])).toEqual([]);
  });

  it("finds an untagged cluster that runs until someone stops it", () => {
    const findings = resourceFindings([cluster({ tags: { team: "data" }, terminationProtection: true })]);
    expect(findings.map((f) => [f.rule, f.level, f.message])).toEqual([
      ["emr-cluster-tagged-auto-terminating", "mandatory", 'EMR cluster "adhoc-spark" is not tagged lakeform:environment'],
      ["emr-cluster-tagged-auto-terminating", "mandatory", 'EMR cluster "adhoc-spark" never terminates by itself (keepJobFlowAliveWhenNoSteps is not false and no autoTerminationPolicy.idleTimeout)'],
      ["emr-cluster-tagged-auto-terminating", "mandatory", 'EMR cluster "adhoc-spark" has termination protection, so it cannot terminate itself'],
    ]);
  });
});

describe("runJobFlowFindings on the runtime's own clusters", () => {
  const settings = { environment: "prod", releaseLabel: "emr-7.5.0", instanceTypes: ["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"], coreNodes: 2, spot: true, serviceRole: "lf-prod-emr-service", instanceProfile: "lf-prod-emr-nodes", subnetIds: ["subnet-1"], logUri: "s3://lf-prod-logs/emr/" };
  const input = runJobFlowInput(settings, { name: "lakeform-prod-clean-orders", assets: ["clean/orders"], steps: [] });

  it("accepts the request the EMR engine builds", () => {
    expect(runJobFlowFindings(input)).toEqual([]);
  });

  it("finds a request without the environment tag that keeps the cluster alive", () => {
    const findings = runJobFlowFindings({ ...input, Tags: [], AutoTerminationPolicy: undefined, Instances: { ...input.Instances, KeepJobFlowAliveWhenNoSteps: true } });
    expect(findings).toEqual([
      { rule: "emr-cluster-tagged-auto-terminating", level: "mandatory", message: 'RunJobFlow cluster "lakeform-prod-clean-orders" is not tagged lakeform:environment', fix: "tag it lakeform:environment=<stack>: the platform's roles may act only on clusters of their environment, and costs are reported by it", resource: { type: "RunJobFlow", name: "lakeform-prod-clean-orders" } },
      { rule: "emr-cluster-tagged-auto-terminating", level: "mandatory", message: 'RunJobFlow cluster "lakeform-prod-clean-orders" never terminates by itself (keepJobFlowAliveWhenNoSteps is not false and no autoTerminationPolicy.idleTimeout)', fix: "set keepJobFlowAliveWhenNoSteps: false, or an autoTerminationPolicy with an idleTimeout in seconds (e.g. 600)", resource: { type: "RunJobFlow", name: "lakeform-prod-clean-orders" } },
    ]);
    expect(runJobFlowFindings({ ...input, Tags: [] }, { "emr-cluster-tagged-auto-terminating": "disabled" })).toEqual([]);
  });
});

describe("bigquery-sa-no-project-data-access", () => {
  const runtime = "serviceAccount:lf-gtest-runtime@acme.iam.gserviceaccount.com";

  it("accepts job user on the project and data roles granted elsewhere", () => {
    expect(resourceFindings([
      resource(T.projectMember, "runtime-project-jobuser", { project: "acme", role: "roles/bigquery.jobUser", member: runtime }),
      resource(T.projectMember, "analysts-project-viewer", { project: "acme", role: "roles/bigquery.dataViewer", member: "group:analysts@acme.example" }),
      resource("gcp:bigquery/datasetIamMember:DatasetIamMember", "runtime-clean-editor", { datasetId: "lf_gtest_clean", role: "roles/bigquery.dataEditor", member: runtime }),
    ])).toEqual([]);
  });

  it("finds a service account with a project-wide data role, from members, bindings and policies", () => {
    const findings = resourceFindings([
      resource(T.projectMember, "runtime-project-editor", { project: "acme", role: "roles/bigquery.dataEditor", member: runtime }),
      resource(T.projectBinding, "viewers", { project: "acme", role: "roles/bigquery.dataViewer", members: ["group:all@acme.example", runtime] }),
      resource(T.projectPolicy, "policy", { project: "acme", policyData: JSON.stringify({ bindings: [{ role: "roles/editor", members: [runtime] }, { role: "roles/bigquery.jobUser", members: [runtime] }] }) }),
    ]);
    expect(findings.map((f) => [f.rule, f.resource?.name, f.message])).toEqual([
      ["bigquery-sa-no-project-data-access", "runtime-project-editor", `${runtime} is granted roles/bigquery.dataEditor on the whole project, so the jobs it runs read or write every dataset`],
      ["bigquery-sa-no-project-data-access", "viewers", `${runtime} is granted roles/bigquery.dataViewer on the whole project, so the jobs it runs read or write every dataset`],
      ["bigquery-sa-no-project-data-access", "policy", `${runtime} is granted roles/editor on the whole project, so the jobs it runs read or write every dataset`],
    ]);
  });
});
