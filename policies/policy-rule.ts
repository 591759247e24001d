import type { EnforcementLevel } from "./finding.ts";

/**
 * What `lakeform policy list` shows of any governance rule — asset, compatibility or resource
 * rule: its id (kebab-case, as stacks' `lakeform:policies` and waivers name it), what it
 * requires, and its level unless a stack overrides it.
 */
export interface PolicyRule {
  readonly id: string;
  readonly description: string;
  readonly defaultLevel: EnforcementLevel;
}
