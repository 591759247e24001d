import type { AssetDefinition } from "../declare/asset.ts";
import { refsOf } from "../declare/sql-template.ts";

/** An asset that one of an asset's checks reads, and the check that reads it. */
export interface CheckTarget {
  readonly key: string;
  /** The first check (in declaration order) that reads `key`. */
  readonly check: string;
}

/**
 * The other assets an asset's checks read, one entry per key in declaration order: the `to`
 * of `relationships` checks and the `ref()`s of custom `sql` checks. They order a run like
 * dependencies (a check target is built first) but are not data inputs, so they do not change
 * the asset's fingerprint. The asset itself is left out (a check against its own previous
 * version is not an ordering constraint).
 */
export function checkTargets(definition: AssetDefinition): readonly CheckTarget[] {
  const found = new Map<string, CheckTarget>();
  const add = (key: string, check: string): void => {
    if (key !== definition.key && !found.has(key)) found.set(key, Object.freeze({ key, check }));
  };
  for (const check of definition.checks) {
    if (check.kind === "relationships") add(check.to, check.name);
    else if (check.kind === "sql" && check.query?.kind === "sql") for (const ref of refsOf(check.query)) add(ref.key, check.name);
  }
  return [...found.values()];
}
