import type { AssetRule, RuleHit } from "../asset-rule.ts";
import { parentPiiColumns, TREATED } from "./pii-lineage.ts";

/**
 * Every column holding personal data declares it, with its treatment — downstream too. A column
 * named like a PII column of a parent it reads (and not dropped there) carries that parent's
 * personal data: without its own `.pii(kind, treatment)` the catalog does not tag it and
 * consumer grants do not withhold it.
 */
export const piiHasTreatment: AssetRule = {
  id: "pii-has-treatment",
  description: "Every column holding personal data declares .pii(kind, treatment), also where it is read from a parent's PII column",
  defaultLevel: "mandatory",
  check({ graph }) {
    const hits: RuleHit[] = [];
    for (const node of graph.nodes()) {
      const inherited = parentPiiColumns(graph, node).filter((c) => c.spec.pii.treatment !== "drop");
      for (const [name, spec] of Object.entries(node.columns)) {
        if (spec.pii !== undefined) continue;
        const from = inherited.find((c) => c.name === name);
        if (from === undefined) continue;
        const { kind, treatment } = from.spec.pii;
        hits.push({
          asset: node.key,
          column: name,
          message: `column "${name}" holds personal data from ${from.parent} (${kind}, ${TREATED[treatment] ?? treatment} there) but declares no PII treatment`,
          fix: `declare it .pii("${kind}", "${treatment}") so the catalog tags it and grants withhold it from roles without PII access`,
        });
      }
    }
    return hits;
  },
};
