import type { CollectedResource } from "../collect/collected-resource.ts";
import { statementsOf, type IamStatement } from "./policy-statements.ts";
import { type ResourceRule, type ResourceViolation, violation } from "./resource-rule.ts";

/** Services holding or governing data: a wildcard on one grants every action on the data. */
const DATA_SERVICES = ["s3", "glue", "lakeformation"] as const;

/** S3 actions on the account, not on a bucket: they take Resource "*" by design. */
const ACCOUNT_LEVEL_S3 = new Set(["s3:listallmybuckets", "s3:getaccountpublicaccessblock"]);

/** `*`, `s3:*`, `glue:*`, `lakeformation:*` (IAM action names are case-insensitive). */
const isDataWildcard = (action: string): boolean => {
  const lower = action.toLowerCase();
  return lower === "*" || DATA_SERVICES.some((service) => lower === `${service}:*`);
};

/** An S3 resource ARN naming a bucket: `arn:aws:s3:::<bucket>` or `…/<key pattern>`, no wildcard in the bucket's name. */
const isScopedS3Resource = (resource: string): boolean => {
  const match = /^arn:[^:]+:s3:::([^/]*)/.exec(resource);
  return match !== null && match[1] !== undefined && match[1] !== "" && !/[*?]/.test(match[1]);
};

function problemsOf(statement: IamStatement): string[] {
  if (statement.effect !== "Allow") return [];
  const problems: string[] = [];
  if (statement.notActions !== undefined) problems.push(`allows NotAction [${statement.notActions.join(", ")}], i.e. every other action`);
  const wild = statement.actions.filter(isDataWildcard);
  if (wild.length > 0) problems.push(`allows ${wild.map((a) => `"${a}"`).join(", ")}`);
  const s3 = statement.actions.filter((a) => a.toLowerCase().startsWith("s3:") && !ACCOUNT_LEVEL_S3.has(a.toLowerCase()));
  if (s3.length > 0) {
    if (statement.notResources !== undefined) problems.push(`allows S3 actions on NotResource [${statement.notResources.join(", ")}]`);
    const unscoped = statement.resources.filter((r) => !isScopedS3Resource(r));
    if (unscoped.length > 0) problems.push(`allows S3 actions on ${unscoped.map((r) => `"${r}"`).join(", ")}, not on named buckets`);
  }
  return problems;
}

function violations(resource: CollectedResource): ResourceViolation[] {
  return statementsOf(resource).flatMap((statement, index) =>
    problemsOf(statement).map((problem) =>
      violation(resource, `IAM policy of ${resource.type.split(":").pop()} "${resource.name}" (statement ${index + 1}) ${problem}`, "list the exact actions the role needs (e.g. s3:GetObject, glue:GetTable) and name the buckets and prefixes they apply to (arn:aws:s3:::<bucket>/<prefix>*)"),
    ),
  );
}

/** IAM policies grant named actions on named data, never wildcards. */
export const iamNoDataWildcard: ResourceRule = Object.freeze({
  id: "iam-no-data-wildcard",
  description: 'No IAM policy allows a wildcard action on data ("*", "s3:*", "glue:*", "lakeformation:*") or NotAction, and S3 actions are allowed only on named buckets (no "*" resource).',
  defaultLevel: "mandatory",
  clouds: ["aws"],
  kind: "resource",
  validateResource: violations,
} as const);
