import type { AssetRule, RuleHit } from "../asset-rule.ts";

const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * Names people can guess: a key is `<tier>/<name>` with the asset's own tier first and a
 * lower_snake_case name (the table's name in the catalog), and timestamps end in `_at`.
 * (Column identifiers themselves are already checked by the graph.)
 */
export const namingConventions: AssetRule = {
  id: "naming-conventions",
  description: "Keys are <tier>/<lower_snake_case name> with the asset's own tier; timestamp columns end in _at",
  defaultLevel: "advisory",
  check({ graph }) {
    const hits: RuleHit[] = [];
    for (const node of graph.nodes()) {
      const [first, ...rest] = node.key.split("/");
      const name = rest.join("/");
      const suggested = `${node.tier}/${(rest.length === 0 ? first ?? "" : name).replace(/[^A-Za-z0-9]+/g, "_").replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/^_+|_+$/g, "")}`;
      if (first !== node.tier || rest.length !== 1 || !NAME.test(name)) {
        hits.push({ asset: node.key, message: `key "${node.key}" is not "${node.tier}/<lower_snake_case name>"`, fix: `rename it "${suggested}" (and its refs)` });
      }
      for (const [column, spec] of Object.entries(node.columns)) {
        if (spec.type.kind === "timestamp" && !column.endsWith("_at")) {
          hits.push({ asset: node.key, column, message: `timestamp column "${column}" does not end in _at`, fix: `rename it "${column.replace(/_(time|ts|timestamp|date)$/, "")}_at"` });
        }
      }
    }
    return hits;
  },
};
