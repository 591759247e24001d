import type { SqlTemplate } from "../../../runtime/core/declare/sql-template.ts";
import type { AssetRule, RuleHit } from "../asset-rule.ts";

const STAR = /\bselect\s+(?:distinct\s+)?(?:[A-Za-z_]\w*\.)?\*/i;

/** The template's text with every interpolation as a blank, its own nested templates and per-engine overrides included. */
function textsOf(template: SqlTemplate): string[] {
  const nested = template.parts.flatMap((part) => (part.kind === "sql" ? textsOf(part) : []));
  const overrides = Object.values(template.overrides ?? {}).flatMap((override) => (override === undefined ? [] : textsOf(override)));
  return [template.strings.join(" x "), ...nested, ...overrides];
}

/**
 * Custom SQL checks on assets holding personal data name the columns they return. A failing
 * check's rows are sampled into the state store, run summaries and alerts: `select *` copies
 * every column there, the (hashed or masked) personal data included, and keeps copying columns
 * added later. Assets without PII columns may select `*` (their samples carry no personal data).
 */
export const sqlCheckExplicitColumns: AssetRule = {
  id: "sql-check-explicit-columns",
  description: "Custom SQL checks (c.sql) of assets holding personal data select explicit columns, not select *: failing rows are sampled into the state, summaries and alerts",
  defaultLevel: "mandatory",
  check({ graph }) {
    const hits: RuleHit[] = [];
    for (const node of graph.nodes()) {
      if (!Object.values(node.columns).some((spec) => spec.pii !== undefined && spec.pii.treatment !== "drop")) continue;
      for (const check of node.checks) {
        if (check.kind !== "sql" || !textsOf(check.query).some((text) => STAR.test(text))) continue;
        const at = check.query.site?.location;
        hits.push({
          asset: node.key,
          message: `custom check "${check.name}" selects *: its failing rows would carry every column, personal data included, into samples and alerts`,
          fix: "select the columns that identify and explain a failing row, e.g. select order_id, amount from … where …",
          ...(at === undefined ? {} : { at }),
        });
      }
    }
    return hits;
  },
};
