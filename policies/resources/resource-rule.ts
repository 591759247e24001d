import type { CollectedResource, ResourceKey } from "../collect/collected-resource.ts";
import type { EnforcementLevel } from "../finding.ts";

/** The clouds a resource rule applies to. */
export type Cloud = "aws" | "gcp";

/** One thing a resource rule found wrong with one resource: what, and the fix (neither with a trailing full stop). */
export interface ResourceViolation {
  readonly resource: ResourceKey;
  readonly message: string;
  readonly fix: string;
}

/** What every resource rule declares about itself. */
interface ResourceRuleInfo {
  /** Kebab-case, unique among all rules (asset rules included): `bucket-encrypted`. */
  readonly id: string;
  /** One sentence: what the rule requires. */
  readonly description: string;
  readonly defaultLevel: EnforcementLevel;
  readonly clouds: readonly Cloud[];
}

/**
 * A rule over resource inputs, pure: either over one resource at a time (CrossGuard's
 * `validateResource`), or over every resource of the stack when it must relate several (a bucket
 * and its separate encryption resource on AWS; CrossGuard's `validateStack`).
 */
export type ResourceRule =
  | (ResourceRuleInfo & { readonly kind: "resource"; readonly validateResource: (resource: CollectedResource) => ResourceViolation[] })
  | (ResourceRuleInfo & { readonly kind: "stack"; readonly validateStack: (resources: readonly CollectedResource[]) => ResourceViolation[] });

/** The violations of `rule` in a whole stack. */
export function violationsOf(rule: ResourceRule, resources: readonly CollectedResource[]): ResourceViolation[] {
  return rule.kind === "resource" ? resources.flatMap((resource) => rule.validateResource(resource)) : rule.validateStack(resources);
}

/** A violation of `resource`. */
export const violation = (resource: ResourceKey, message: string, fix: string): ResourceViolation => ({ resource: { type: resource.type, name: resource.name }, message, fix });
