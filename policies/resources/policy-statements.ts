import type { CollectedResource } from "../collect/collected-resource.ts";
import { isRecord, jsonOf, listOf } from "./resource-props.ts";

/** One statement of an IAM policy document, normalised: single values become lists. */
export interface IamStatement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** Set when the statement uses `NotAction` (everything but these). */
  readonly notActions?: readonly string[];
  readonly resources: readonly string[];
  readonly notResources?: readonly string[];
  readonly principals: readonly string[];
  readonly condition: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const texts = (value: unknown): string[] => listOf(value).filter((v): v is string => typeof v === "string");

/** `"*"` or `{ AWS: "*", Service: [...] }` → every principal as text. */
const principalsOf = (value: unknown): string[] => (typeof value === "string" ? [value] : isRecord(value) ? Object.values(value).flatMap(texts) : []);

/**
 * The statements of an IAM policy document given as JSON text or as an object; [] when it is
 * not a policy document (or not known yet, in a preview).
 */
export function iamStatements(document: unknown): IamStatement[] {
  const parsed = jsonOf(document);
  if (!isRecord(parsed)) return [];
  return listOf(parsed.Statement).filter(isRecord).map((s): IamStatement => ({
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: texts(s.Action),
    ...(s.NotAction === undefined ? {} : { notActions: texts(s.NotAction) }),
    resources: texts(s.Resource),
    ...(s.NotResource === undefined ? {} : { notResources: texts(s.NotResource) }),
    principals: principalsOf(s.Principal),
    condition: isRecord(s.Condition) ? (Object.fromEntries(Object.entries(s.Condition).filter(([, v]) => isRecord(v))) as Record<string, Record<string, unknown>>) : {},
  }));
}

/** The inputs holding IAM policy documents, by resource type (a role's inline policies are a list). */
const POLICY_INPUTS: Readonly<Record<string, (props: Readonly<Record<string, unknown>>) => unknown[]>> = {
  "aws:iam/policy:Policy": (p) => [p.policy],
  "aws:iam/rolePolicy:RolePolicy": (p) => [p.policy],
  "aws:iam/userPolicy:UserPolicy": (p) => [p.policy],
  "aws:iam/groupPolicy:GroupPolicy": (p) => [p.policy],
  "aws:iam/role:Role": (p) => listOf(p.inlinePolicies).map((inline) => (isRecord(inline) ? inline.policy : undefined)),
  "aws:s3/bucketPolicy:BucketPolicy": (p) => [p.policy],
  "aws:glue/resourcePolicy:ResourcePolicy": (p) => [p.policy],
};

/** Every statement of every IAM policy document a resource carries ([] for other resources). */
export const statementsOf = (resource: CollectedResource): IamStatement[] => (POLICY_INPUTS[resource.type]?.(resource.props) ?? []).flatMap(iamStatements);
