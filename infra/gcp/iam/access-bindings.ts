import type { PiiKind, Tier } from "lakeform";
import { BUCKET_ROLES, type BucketRole, type PlatformPlan, type SchedulerPlan } from "../../plan/platform-plan.ts";
import { piiKindsOf, piiKindsOfTiers } from "../governance/pii-taxonomy.ts";

/** Where a role is granted: never wider than the one thing the member needs. */
export type BindingScope =
  | { readonly kind: "project" }
  | { readonly kind: "dataset"; readonly tier: Tier }
  | { readonly kind: "bucket"; readonly bucket: BucketRole }
  | { readonly kind: "policy-tag"; readonly pii: PiiKind }
  | { readonly kind: "data-policy"; readonly pii: PiiKind }
  | { readonly kind: "secret"; readonly secret: keyof SchedulerPlan["secrets"] }
  | { readonly kind: "tick-job" };

/** One IAM grant: a role to a member on a scope. */
export interface AccessBinding {
  /** Who it is for: `runtime`, `scheduler`, or a consumer's name. */
  readonly grantee: string;
  readonly member: string;
  readonly role: string;
  readonly scope: BindingScope;
}

/** The IAM members of the platform's own service accounts. */
export interface PlatformMembers {
  /** `serviceAccount:lf-prod-runtime@….iam.gserviceaccount.com`. */
  readonly runtime: string;
  readonly scheduler: string;
}

export const ROLES = Object.freeze({
  jobUser: "roles/bigquery.jobUser",
  dataEditor: "roles/bigquery.dataEditor",
  dataViewer: "roles/bigquery.dataViewer",
  objectAdmin: "roles/storage.objectAdmin",
  fineGrainedReader: "roles/datacatalog.categoryFineGrainedReader",
  maskedReader: "roles/bigquerydatapolicy.maskedReader",
  secretAccessor: "roles/secretmanager.secretAccessor",
  runInvoker: "roles/run.invoker",
});

/**
 * Every IAM grant of the platform, least privilege:
 * - the runtime: BigQuery job user on the project (jobs are project-scoped; the data is not),
 *   data editor on the tier datasets of this environment only, object admin on its buckets
 *   only, fine-grained reader of the PII tags (it writes and audits those columns), accessor of
 *   its secrets only;
 * - the scheduler: run invoker on the tick job only (what `jobs.run` needs, nothing else);
 * - each consumer: data viewer on the datasets of its tiers; for the PII kinds in those tiers,
 *   fine-grained reader of the tag when it may read PII (clear values), masked reader of the
 *   kind's data policy otherwise (masked values).
 * No primitive role (owner, editor, viewer), nothing granted on the project but job user.
 */
export function accessBindings(plan: Pick<PlatformPlan, "tables" | "databases" | "buckets" | "scheduler" | "environment">, members: PlatformMembers): AccessBinding[] {
  const bindings: AccessBinding[] = [];
  const grant = (grantee: string, member: string, role: string, scope: BindingScope) => bindings.push({ grantee, member, role, scope });
  const runtime = members.runtime;
  grant("runtime", runtime, ROLES.jobUser, { kind: "project" });
  for (const database of plan.databases) grant("runtime", runtime, ROLES.dataEditor, { kind: "dataset", tier: database.tier });
  for (const bucket of BUCKET_ROLES) if (plan.buckets.some((b) => b.role === bucket)) grant("runtime", runtime, ROLES.objectAdmin, { kind: "bucket", bucket });
  for (const pii of piiKindsOf(plan.tables)) grant("runtime", runtime, ROLES.fineGrainedReader, { kind: "policy-tag", pii });
  for (const secret of Object.keys(plan.scheduler.secrets).sort() as (keyof SchedulerPlan["secrets"])[]) grant("runtime", runtime, ROLES.secretAccessor, { kind: "secret", secret });
  grant("scheduler", members.scheduler, ROLES.runInvoker, { kind: "tick-job" });
  for (const consumer of plan.environment.consumers) {
    for (const tier of consumer.tiers) grant(consumer.name, consumer.principal, ROLES.dataViewer, { kind: "dataset", tier });
    for (const pii of piiKindsOfTiers(plan, consumer.tiers)) {
      if (consumer.pii) grant(consumer.name, consumer.principal, ROLES.fineGrainedReader, { kind: "policy-tag", pii });
      else grant(consumer.name, consumer.principal, ROLES.maskedReader, { kind: "data-policy", pii });
    }
  }
  return bindings;
}

/** A binding's stable resource name: `runtime-dataset-clean-dataeditor`. */
export function bindingName(binding: AccessBinding): string {
  const scope = binding.scope;
  const target = scope.kind === "project" || scope.kind === "tick-job" ? scope.kind : `${scope.kind}-${"tier" in scope ? scope.tier : "bucket" in scope ? scope.bucket : "pii" in scope ? scope.pii : scope.secret}`;
  return `${binding.grantee}-${target}-${(binding.role.split("/").pop() ?? binding.role).toLowerCase()}`;
}
