import type { AssetRule, RuleHit } from "../asset-rule.ts";
import { personalNamePattern } from "../personal-column-names.ts";
import { personalValuePattern } from "../personal-values.ts";

/**
 * Columns that look personal but are not declared so: by their name (in English, German, French,
 * Spanish, Italian, Dutch and Portuguese), or — where the local state holds a profile of the
 * asset — by their values (e-mail addresses, phone numbers, IBANs, IP addresses). A profile keeps
 * no sample of values, only each text column's smallest and largest value, so those two are
 * judged; the values themselves are never printed. Boolean columns (`has_email`) are not personal.
 */
export const undeclaredPii: AssetRule = {
  id: "undeclared-pii",
  description: "Columns whose names (en, de, fr, es, it, nl, pt) or profiled values look personal declare .pii(kind, treatment)",
  defaultLevel: "mandatory",
  check({ graph, profiles }) {
    const hits: RuleHit[] = [];
    for (const node of graph.nodes()) {
      const profiled = new Map((profiles?.get(node.key) ?? []).map((c) => [c.name, c]));
      for (const [name, spec] of Object.entries(node.columns)) {
        if (spec.pii !== undefined || spec.type.kind === "boolean") continue;
        const byName = personalNamePattern(name);
        if (byName !== undefined) {
          hits.push({ asset: node.key, column: name, message: `column "${name}" looks like ${byName.looksLike} but is not declared as personal data`, fix: `declare it .pii("${byName.kind}", "${byName.treatment}") (or another treatment); if it holds no personal data, waive the rule for this asset with the reason` });
          continue;
        }
        const profile = profiled.get(name);
        if (spec.type.kind !== "string" || profile === undefined) continue;
        const values = [profile.min, profile.max].filter((v): v is string => typeof v === "string");
        const byValue = personalValuePattern(values);
        if (byValue === undefined) continue;
        hits.push({ asset: node.key, column: name, message: `column "${name}" holds values that look like ${byValue.looksLike} (its latest profile's smallest and largest values) but is not declared as personal data`, fix: `declare it .pii("${byValue.kind}", "${byValue.treatment}"); if it holds no personal data, waive the rule for this asset with the reason` });
      }
    }
    return hits;
  },
};
