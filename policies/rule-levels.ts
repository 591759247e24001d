import { closestNames } from "../runtime/core/did-you-mean.ts";
import type { EnforcementLevel } from "./finding.ts";
import type { PolicyRule } from "./policy-rule.ts";

/** The level of every rule in a stack, and the stack's overrides that name no rule. */
export interface RuleLevels {
  readonly levels: ReadonlyMap<string, EnforcementLevel>;
  /** Each unknown id with its fix (the id meant, when one is close). */
  readonly unknown: readonly { readonly id: string; readonly fix: string }[];
}

/**
 * Each rule's level in a stack: the stack's `lakeform:policies` override, else the rule's
 * default. Overrides naming no rule are returned, not dropped, so the gate reports them.
 * @example ruleLevels(ASSET_RULES, { "naming-conventions": "mandatory" }).levels.get("naming-conventions") // "mandatory"
 */
export function ruleLevels(rules: readonly PolicyRule[], overrides: Readonly<Record<string, EnforcementLevel>> = {}): RuleLevels {
  const ids = rules.map((rule) => rule.id);
  const levels = new Map(rules.map((rule) => [rule.id, overrides[rule.id] ?? rule.defaultLevel]));
  const unknown = Object.keys(overrides)
    .filter((id) => !levels.has(id))
    .sort()
    .map((id) => {
      const near = closestNames(id, ids)[0];
      return { id, fix: `${near === undefined ? "" : `did you mean "${near}"? `}pulumi config rm --path 'lakeform:policies.${id}' (rules: lakeform policy list)` };
    });
  return { levels, unknown };
}
