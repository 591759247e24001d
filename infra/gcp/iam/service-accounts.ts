import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import type { PlatformMembers } from "./access-bindings.ts";
import { platformMembers, serviceAccountId } from "./service-account-ids.ts";
import type { GcpProject } from "../gcp-project.ts";

/**
 * The platform's own identities (`lakeform:gcp:ServiceAccounts`): the runtime's service account
 * (the tick job runs as it; BigQuery jobs and GCS objects are its work) and the scheduler's
 * (it may only start the tick job). Their roles come from `Access`.
 */
export class ServiceAccounts extends pulumi.ComponentResource {
  readonly runtime: gcp.serviceaccount.Account;
  readonly scheduler: gcp.serviceaccount.Account;
  /** Their IAM members, `serviceAccount:<email>` (known before the accounts exist). */
  readonly members: PlatformMembers;

  constructor(name: string, args: { readonly plan: PlatformPlan; readonly project: GcpProject }, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:gcp:ServiceAccounts", name, {}, opts);
    const { prefix, name: environment } = args.plan.environment;
    this.runtime = new gcp.serviceaccount.Account(`${name}-runtime`, { accountId: serviceAccountId(prefix, "runtime"), displayName: `Lakeform ${environment} runtime`, description: "Runs lakeform tick: BigQuery jobs, the platform's buckets and datasets, its secrets" }, { parent: this });
    this.scheduler = new gcp.serviceaccount.Account(`${name}-scheduler`, { accountId: serviceAccountId(prefix, "scheduler"), displayName: `Lakeform ${environment} scheduler`, description: "Starts the lakeform tick job on schedule, nothing else" }, { parent: this });
    this.members = platformMembers(prefix, args.project.projectId);
    this.registerOutputs({ runtime: this.runtime.email, scheduler: this.scheduler.email });
  }
}
