import type { AssetRule, RuleHit } from "../asset-rule.ts";

/** A consumer role without PII access (`pii: false` in the stack) is never granted a column holding personal data. */
export const piiGrants: AssetRule = {
  id: "pii-grants",
  description: "Consumer grants never expose PII columns to roles without PII access (lakeform:consumers.<role>.pii false)",
  defaultLevel: "mandatory",
  check({ plan }) {
    const hits: RuleHit[] = [];
    const piiAccess = new Map(plan.environment.consumers.map((c) => [c.name, c.pii]));
    const tables = new Map(plan.tables.map((t) => [t.asset, t]));
    for (const grant of plan.grants) {
      if (piiAccess.get(grant.role) === true) continue;
      const table = tables.get(grant.asset);
      if (table === undefined) continue;
      const exposed = table.columns.filter((c) => c.pii !== undefined && grant.columns.includes(c.name)).map((c) => c.name);
      if (exposed.length === 0) continue;
      hits.push({
        asset: grant.asset,
        message: `role "${grant.role}" has no PII access in stack "${plan.environment.name}" but is granted PII column${exposed.length === 1 ? "" : "s"} ${exposed.map((n) => `"${n}"`).join(", ")}`,
        fix: `withhold ${exposed.length === 1 ? "it" : "them"} from the grant (declare each .pii(kind, treatment)), or give the role PII access: pulumi config set --path 'lakeform:consumers.${grant.role}.pii' true`,
      });
    }
    return hits;
  },
};
