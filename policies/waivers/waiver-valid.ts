import type { PolicyRule } from "../policy-rule.ts";

/** The rule that waivers themselves follow: each names a rule that exists and gives a reason. */
export const WAIVER_VALID: PolicyRule = Object.freeze({
  id: "waiver-valid",
  description: 'Each waiver in a declaration (waive: { "<rule-id>": "<reason>" }) names an existing rule and gives a reason of at least 10 characters',
  defaultLevel: "mandatory",
});
