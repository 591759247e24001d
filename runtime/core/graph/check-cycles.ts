import type { AssetDefinition } from "../declare/asset.ts";
import type { Problem } from "../problem.ts";
import { checkTargets } from "./check-targets.ts";
import { findCycles } from "./topological-order.ts";
import { problemAt } from "./validation-context.ts";

/**
 * Cycles that exist only because of check targets: asset `a` has a check that reads `b`, and
 * `b` is built (directly or further up) from `a`, so neither can be built first. Each names
 * the check that closes the cycle. Cycles made of data dependencies alone are reported by the
 * dependency rules, not here.
 */
export function checkCycleProblems(
  unordered: readonly string[],
  byKey: ReadonlyMap<string, AssetDefinition>,
  dataParentsOf: (key: string) => readonly string[],
  orderParentsOf: (key: string) => readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  for (const cycle of findCycles(unordered, orderParentsOf)) {
    for (let i = 0; i + 1 < cycle.length; i++) {
      const key = cycle[i] as string;
      const target = cycle[i + 1] as string;
      if (dataParentsOf(key).includes(target)) continue;
      const definition = byKey.get(key);
      const check = definition === undefined ? undefined : checkTargets(definition).find((t) => t.key === target);
      if (definition === undefined || check === undefined) continue;
      problems.push(
        problemAt(
          definition,
          `check "${check.check}" reads "${target}", which is built from "${key}" (${cycle.join(" → ")}), so neither can be built first`,
          `declare the check on an asset downstream of both, or remove it`,
        ),
      );
      break;
    }
  }
  return problems;
}
