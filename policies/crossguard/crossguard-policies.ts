import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { CollectedResource } from "../collect/collected-resource.ts";
import { RESOURCE_RULES, type ResourceRule, type ResourceViolation } from "../resources/resource-rules.ts";

/** A violation as CrossGuard prints it: what is wrong, then the fix. */
export const violationText = (v: ResourceViolation): string => `${v.message}. Fix: ${v.fix}.`;

/** A resource CrossGuard hands to `validateStack`, as the rules read resources. */
export function collectedOf(resource: Pick<PolicyResource, "type" | "name" | "props" | "propertyDependencies">): CollectedResource {
  const references = Object.fromEntries(Object.entries(resource.propertyDependencies ?? {}).map(([property, from]) => [property, from.map((r) => ({ type: r.type, name: r.name }))]));
  return { type: resource.type, name: resource.name, props: resource.props, references };
}

/**
 * One rule as a CrossGuard policy: a `validateResource` policy for rules over one resource, a
 * `validateStack` policy (violations reported on the resource's URN) for rules relating several.
 * Named by the rule's id, at the rule's default level; `pulumi preview --policy-pack-config`
 * overrides levels per stack as Pulumi documents.
 */
export function crossGuardPolicy(rule: ResourceRule): ResourceValidationPolicy | StackValidationPolicy {
  const info = { name: rule.id, description: rule.description, enforcementLevel: rule.defaultLevel };
  if (rule.kind === "resource") {
    return {
      ...info,
      validateResource: (args, report) => {
        for (const v of rule.validateResource({ type: args.type, name: args.name, props: args.props })) report(violationText(v));
      },
    };
  }
  return {
    ...info,
    validateStack: (args, report) => {
      const urns = new Map(args.resources.map((r) => [`${r.type}\u0000${r.name}`, r.urn]));
      for (const v of rule.validateStack(args.resources.map(collectedOf))) report(violationText(v), urns.get(`${v.resource.type}\u0000${v.resource.name}`));
    },
  };
}

/** Every resource rule as a CrossGuard policy, for the pack in `index.ts`. */
export const crossGuardPolicies = (): Policies => RESOURCE_RULES.map(crossGuardPolicy);
