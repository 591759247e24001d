import { TIERS, type AssetDefinition, type Tier } from "../../declare/asset.ts";
import type { Problem } from "../../problem.ts";
import { isReservedWord, keyProblem, toIdentifier } from "../identifiers.ts";
import { problemAt, type ValidationContext } from "../validation-context.ts";

/** The tier an asset lives in: declared, or named by its key's first segment. */
export function tierOf(definition: AssetDefinition): Tier | undefined {
  if (definition.tier !== undefined) return definition.tier;
  const first = String(definition.key).split("/")[0] as Tier;
  return TIERS.includes(first) ? first : undefined;
}

/** Keys are safe identifiers, unique, and the tier is known and agrees with the key. */
export function validateKeys({ definitions }: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, AssetDefinition>();
  for (const definition of definitions) {
    const key = String(definition.key);
    const invalid = keyProblem(definition.key);
    if (invalid !== undefined) {
      const suggestion = key.split("/").map((segment) => (isReservedWord(segment) ? `${segment}_data` : toIdentifier(segment))).join("/");
      problems.push(problemAt(definition, invalid, `rename it, e.g. "${suggestion || "sales/orders"}"`));
    }
    const first = seen.get(key);
    if (first === undefined) seen.set(key, definition);
    else {
      const where = [first.site.location, definition.site.location].filter((l) => l !== undefined).join(" and ");
      problems.push(problemAt(definition, `the key is declared twice${where ? ` (at ${where})` : ""}`, "give each asset a unique key"));
    }
    const declared = definition.tier;
    if (declared !== undefined && !TIERS.includes(declared)) {
      problems.push(problemAt(definition, `tier "${String(declared)}" is not a tier`, `use one of ${TIERS.map((t) => `"${t}"`).join(", ")}`));
      continue;
    }
    const named = key.split("/")[0] as Tier;
    if (declared !== undefined && TIERS.includes(named) && named !== declared) {
      const fix = definition.kind === "source" ? `sources land in the raw tier: rename it "raw/${key.split("/").slice(1).join("/")}"` : `set tier: "${named}" or rename the key`;
      problems.push(problemAt(definition, `the key names tier "${named}" but the asset is in tier "${declared}"`, fix));
    }
    if (tierOf(definition) === undefined) {
      problems.push(problemAt(definition, "no tier", `add tier: "raw" | "clean" | "curated", or start the key with a tier ("clean/${key}")`));
    }
  }
  return problems;
}
