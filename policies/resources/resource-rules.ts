import type { CollectedResource } from "../collect/collected-resource.ts";
import type { EnforcementLevel, Finding } from "../finding.ts";
import { bigQueryNoProjectDataAccess } from "./bigquery-no-project-data-access.ts";
import { bucketEncrypted } from "./bucket-encrypted.ts";
import { bucketLifecycle } from "./bucket-lifecycle.ts";
import { bucketPublicAccessBlocked } from "./bucket-public-access.ts";
import { bucketTlsOnly } from "./bucket-tls-only.ts";
import { bucketVersioned } from "./bucket-versioned.ts";
import { emrClusterGuarded } from "./emr-cluster-guarded.ts";
import { iamNoDataWildcard } from "./iam-no-data-wildcard.ts";
import { piiColumnsTagged } from "./pii-columns-tagged.ts";
import { type ResourceRule, type ResourceViolation, violationsOf } from "./resource-rule.ts";

export type { Cloud, ResourceRule, ResourceViolation } from "./resource-rule.ts";

/**
 * Every resource rule, in the order findings are reported. Each has an `id`, a `description`,
 * a `defaultLevel` (overridable per stack) and the `clouds` it applies to. The same rules run
 * in `lakeform policy check` (over resources collected under mocks) and in
 * `pulumi preview --policy-pack policies` (CrossGuard, over a real deployment's resources).
 */
export const RESOURCE_RULES: readonly ResourceRule[] = Object.freeze([
  bucketEncrypted,
  bucketPublicAccessBlocked,
  bucketVersioned,
  bucketLifecycle,
  bucketTlsOnly,
  piiColumnsTagged,
  iamNoDataWildcard,
  emrClusterGuarded,
  bigQueryNoProjectDataAccess,
]);

/** A rule's level in a stack: the stack's override, else the rule's default. */
export const levelOf = (rule: Pick<ResourceRule, "id" | "defaultLevel">, levels: Readonly<Record<string, EnforcementLevel>> = {}): EnforcementLevel => levels[rule.id] ?? rule.defaultLevel;

/** A violation of `rule` as a finding at `level`. */
export const findingOf = (rule: Pick<ResourceRule, "id">, level: Exclude<EnforcementLevel, "disabled">, v: ResourceViolation): Finding => ({ rule: rule.id, level, message: v.message, fix: v.fix, resource: v.resource });

/**
 * Runs every resource rule not disabled (`levels`: rule id → level, overriding the defaults) on
 * a stack's resources and returns the findings, each naming its resource (type and name).
 *
 * @example resourceFindings(await collectResources(dir, "prod")).filter((f) => f.level === "mandatory") // [] on the example platform
 */
export function resourceFindings(resources: readonly CollectedResource[], levels: Readonly<Record<string, EnforcementLevel>> = {}): Finding[] {
  return RESOURCE_RULES.flatMap((rule) => {
    const level = levelOf(rule, levels);
    return level === "disabled" ? [] : violationsOf(rule, resources).map((v) => findingOf(rule, level, v));
  });
}
