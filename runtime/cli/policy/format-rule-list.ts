import type { EnforcementLevel } from "../../../policies/finding.ts";
import type { ListedRule } from "./policy-rules.ts";

const FAMILY_TITLE: Readonly<Record<ListedRule["family"], string>> = {
  asset: "Asset rules (over the asset graph and the stack's plan)",
  compatibility: "Schema compatibility (with --baseline PLAN.json)",
  resource: "Resource rules (over the stack's Pulumi resources, also a CrossGuard pack: pulumi preview --policy-pack policies)",
  waiver: "Waivers",
};

/** `lakeform policy list`: the rules by family with their level in the stack, then how to change a level and how to waive a rule for one asset. */
export function formatRuleList(stack: string, rules: readonly (ListedRule & { readonly level: EnforcementLevel })[]): string {
  const lines: string[] = [`Governance rules of stack "${stack}" (level in this stack; * = changed from the default):`];
  for (const family of Object.keys(FAMILY_TITLE) as ListedRule["family"][]) {
    const ofFamily = rules.filter((r) => r.family === family);
    if (ofFamily.length === 0) continue;
    lines.push("", FAMILY_TITLE[family]);
    const width = Math.max(...ofFamily.map((r) => r.id.length));
    for (const rule of ofFamily) lines.push(`  ${rule.id.padEnd(width)}  ${`${rule.level}${rule.level === rule.defaultLevel ? "" : "*"}`.padEnd(10)}  ${rule.description}`);
  }
  lines.push(
    "",
    "Levels: mandatory fails `lakeform policy check` (exit 1), advisory is reported, disabled does not run.",
    `Change a level for this stack: pulumi config set --path 'lakeform:policies.<rule-id>' advisory   (in Pulumi.${stack}.yaml)`,
    "Waive a rule for one asset, with the reason, in its declaration (reviewed with the code; reported as waived, never failing):",
    '  asset("clean/orders", { …, waive: { "<rule-id>": "why it does not apply here, and who agreed" } })',
    "A waiver naming an unknown rule, or without a reason, is itself a finding (waiver-valid).",
  );
  return lines.join("\n");
}
