import type { CollectedResource } from "../collect/collected-resource.ts";
import { type ResourceRule, type ResourceViolation, violation } from "./resource-rule.ts";
import { isRecord, jsonOf, listOf, textAt } from "./resource-props.ts";

/** Project roles that read or write every dataset of the project (the basic roles included). */
export const PROJECT_DATA_ROLES: ReadonlySet<string> = new Set([
  "roles/bigquery.admin",
  "roles/bigquery.dataOwner",
  "roles/bigquery.dataEditor",
  "roles/bigquery.dataViewer",
  "roles/owner",
  "roles/editor",
  "roles/viewer",
]);

const isServiceAccount = (member: string) => member.startsWith("serviceAccount:");

/** The (role, members) grants a project-level IAM resource makes. */
function projectGrants(resource: CollectedResource): { readonly role: string; readonly members: string[] }[] {
  const texts = (value: unknown) => listOf(value).filter((v): v is string => typeof v === "string");
  switch (resource.type) {
    case "gcp:projects/iAMMember:IAMMember": return [{ role: textAt(resource.props, "role") ?? "", members: texts(resource.props.member) }];
    case "gcp:projects/iAMBinding:IAMBinding": return [{ role: textAt(resource.props, "role") ?? "", members: texts(resource.props.members) }];
    case "gcp:projects/iAMPolicy:IAMPolicy": {
      const policy = jsonOf(resource.props.policyData);
      return isRecord(policy) ? listOf(policy.bindings).map((b) => ({ role: textAt(b, "role") ?? "", members: texts(isRecord(b) ? b.members : undefined) })) : [];
    }
    default: return [];
  }
}

function violations(resource: CollectedResource): ResourceViolation[] {
  return projectGrants(resource)
    .filter((grant) => PROJECT_DATA_ROLES.has(grant.role))
    .flatMap((grant) => grant.members.filter(isServiceAccount).map((member) =>
      violation(resource, `${member} is granted ${grant.role} on the whole project, so the jobs it runs read or write every dataset`, "grant roles/bigquery.jobUser on the project and the data roles (dataViewer, dataEditor) on the platform's datasets only (gcp.bigquery.DatasetIamMember)"),
    ));
}

/** The service accounts BigQuery jobs run as get data access per dataset, never project-wide. */
export const bigQueryNoProjectDataAccess: ResourceRule = Object.freeze({
  id: "bigquery-sa-no-project-data-access",
  description: "No service account (what BigQuery jobs run as) holds a project-wide data role (bigquery admin, dataOwner, dataEditor, dataViewer, or a basic role); data access is granted per dataset.",
  defaultLevel: "mandatory",
  clouds: ["gcp"],
  kind: "resource",
  validateResource: violations,
} as const);
