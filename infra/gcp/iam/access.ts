import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import type { GcpProject } from "../gcp-project.ts";
import type { Governance } from "../governance/governance.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { Storage } from "../storage/storage.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { accessBindings, bindingName, type AccessBinding } from "./access-bindings.ts";
import type { ServiceAccounts } from "./service-accounts.ts";

/** What {@link Access} grants on. */
export interface AccessArgs {
  readonly plan: PlatformPlan;
  readonly project: GcpProject;
  readonly accounts: ServiceAccounts;
  readonly storage: Storage;
  readonly warehouse: Warehouse;
  readonly governance: Governance;
  readonly runtime: Runtime;
}

/**
 * Every IAM grant of the platform (`lakeform:gcp:Access`), one additive member binding per
 * {@link accessBindings} entry on exactly its scope: the project (job user only), a dataset, a
 * bucket, a policy tag, a data policy, a secret or the tick job. Member bindings never remove
 * grants made outside Lakeform.
 */
export class Access extends pulumi.ComponentResource {
  readonly bindings: readonly AccessBinding[];

  constructor(name: string, args: AccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:gcp:Access", name, {}, opts);
    const { plan, project, accounts, storage, warehouse, governance, runtime } = args;
    this.bindings = accessBindings(plan, accounts.members);
    const child = { parent: this, dependsOn: [accounts] };
    const missing = (what: string): never => {
      throw new Error(`Stack "${plan.environment.name}": a grant names ${what}, which the platform did not create. Fix: deploy the components from the same plan (deployGcp does).`);
    };
    for (const binding of this.bindings) {
      const id = `${name}-${bindingName(binding)}`;
      const { role, member } = binding;
      const scope = binding.scope;
      switch (scope.kind) {
        case "project":
          new gcp.projects.IAMMember(id, { project: project.projectId, role, member }, child);
          break;
        case "dataset":
          new gcp.bigquery.DatasetIamMember(id, { datasetId: (warehouse.datasets.get(scope.tier) ?? missing(`dataset ${scope.tier}`)).datasetId, role, member }, child);
          break;
        case "bucket":
          new gcp.storage.BucketIAMMember(id, { bucket: (storage.buckets.get(scope.bucket) ?? missing(`bucket ${scope.bucket}`)).name, role, member }, child);
          break;
        case "policy-tag":
          new gcp.datacatalog.PolicyTagIamMember(id, { policyTag: (governance.policyTags.get(scope.pii) ?? missing(`policy tag ${scope.pii}`)).name, role, member }, child);
          break;
        case "data-policy": {
          const policy = governance.dataPolicies.get(scope.pii) ?? missing(`data policy ${scope.pii}`);
          new gcp.bigquerydatapolicy.DataPolicyIamMember(id, { project: project.projectId, location: project.region, dataPolicyId: policy.dataPolicyId, role, member }, child);
          break;
        }
        case "secret":
          new gcp.secretmanager.SecretIamMember(id, { secretId: (runtime.secrets[scope.secret] ?? missing(`secret ${scope.secret}`)).id, role, member }, child);
          break;
        case "tick-job":
          new gcp.cloudrunv2.JobIamMember(id, { project: project.projectId, location: project.region, name: runtime.job.name, role, member }, child);
          break;
      }
    }
    this.registerOutputs({ bindings: this.bindings.length });
  }
}
