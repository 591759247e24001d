import type { AssetRule, RuleHit } from "../asset-rule.ts";
import { parentPiiColumns, TREATED } from "./pii-lineage.ts";

/**
 * Personal data is treated (hashed, masked, dropped) only where it lands: by sources, in raw.
 * A computed asset's PII column is therefore safe only when a parent it reads provides the same
 * kind of personal data, treated the same way; otherwise its values are computed by its own
 * code — clear text, as far as Lakeform knows.
 */
export const noClearTextPii: AssetRule = {
  id: "no-clear-text-pii",
  description: "No clear-text personal data outside the landing: a computed asset's PII columns come from parents that treated them the same way at the door",
  defaultLevel: "mandatory",
  check({ graph }) {
    const hits: RuleHit[] = [];
    for (const node of graph.nodes()) {
      if (node.kind === "source") continue;
      const inherited = parentPiiColumns(graph, node);
      for (const [name, spec] of Object.entries(node.columns)) {
        const pii = spec.pii;
        if (pii === undefined || pii.treatment === "drop") continue;
        const same = inherited.find((c) => c.spec.pii.kind === pii.kind && c.spec.pii.treatment === pii.treatment);
        if (same !== undefined) continue;
        hits.push({
          asset: node.key,
          column: name,
          message: `column "${name}" is declared PII (${pii.kind}, ${TREATED[pii.treatment] ?? pii.treatment}) but no parent it reads provides ${pii.kind} ${TREATED[pii.treatment] ?? pii.treatment}: Lakeform treats personal data only where it lands, so this column may hold it in clear text`,
          fix: `compute it from a source column declared .pii("${pii.kind}", "${pii.treatment}") (land the data through a source that treats it), or drop the column`,
        });
      }
    }
    return hits;
  },
};
