import type { Cloud } from "../../../infra/plan/environment.ts";
import { ASSET_RULES } from "../../../policies/assets/asset-rules.ts";
import { COMPATIBILITY_RULES } from "../../../policies/compatibility/compatibility-rules.ts";
import type { PolicyRule } from "../../../policies/policy-rule.ts";
import { RESOURCE_RULES } from "../../../policies/resources/resource-rules.ts";
import { WAIVER_VALID } from "../../../policies/waivers/waiver-valid.ts";

/** The catalog is valid and can be planned: nothing else can run on it otherwise. */
const CATALOG_VALID_RULE: PolicyRule = { id: "catalog-valid", description: "The catalog builds into a valid asset graph (owners aside: asset-has-owner) and compiles into the stack's plan; otherwise no other rule runs", defaultLevel: "mandatory" };

/** The stack's Pulumi program runs under mocks (else no resource rule can run, and `pulumi preview` would fail too). */
const PROGRAM_RUNS_RULE: PolicyRule = { id: "program-runs", description: "The stack's Pulumi program runs under mocks (no cloud, no credentials), so the resource rules can check what it would create", defaultLevel: "mandatory" };

/** A rule with the family it belongs to, as `lakeform policy list` groups them. */
export interface ListedRule extends PolicyRule {
  readonly family: "asset" | "compatibility" | "resource" | "waiver";
}

/** Every rule that runs in a stack of `cloud`: asset rules, schema compatibility (with --baseline), the cloud's resource rules, and waivers. */
export function policyRules(cloud: Cloud): ListedRule[] {
  const of = (family: ListedRule["family"]) => (rule: PolicyRule): ListedRule => ({ id: rule.id, description: rule.description, defaultLevel: rule.defaultLevel, family });
  return [
    of("asset")(CATALOG_VALID_RULE),
    ...ASSET_RULES.map(of("asset")),
    ...COMPATIBILITY_RULES.map(of("compatibility")),
    of("resource")(PROGRAM_RUNS_RULE),
    ...RESOURCE_RULES.filter((rule) => rule.clouds.includes(cloud)).map(of("resource")),
    of("waiver")(WAIVER_VALID),
  ];
}

/** The ids of every rule of any cloud: a stack or a waiver may name a rule of the other cloud. */
export function allRuleIds(): string[] {
  return [...new Set([...policyRules("aws"), ...policyRules("gcp")].map((rule) => rule.id))];
}
