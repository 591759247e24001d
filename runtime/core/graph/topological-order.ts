/** The result of ordering a dependency graph. */
export interface TopologicalOrder {
  /** Keys by level, then alphabetically. Keys on a cycle (or downstream of one) are missing. */
  readonly order: readonly string[];
  readonly levels: ReadonlyMap<string, number>;
  /** Keys that could not be ordered because they are on or below a cycle. */
  readonly unordered: readonly string[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Deterministic topological order (Kahn's algorithm, one generation at a time): level 0 holds
 * keys without parents, level n keys whose highest parent is at level n−1; each level sorted.
 */
export function topologicalOrder(keys: readonly string[], parentsOf: (key: string) => readonly string[]): TopologicalOrder {
  const waiting = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const key of keys) {
    const parents = parentsOf(key);
    waiting.set(key, parents.length);
    for (const parent of parents) {
      const list = children.get(parent);
      if (list === undefined) children.set(parent, [key]);
      else list.push(key);
    }
  }
  const order: string[] = [];
  const levels = new Map<string, number>();
  let generation = keys.filter((key) => waiting.get(key) === 0).sort(byText);
  for (let level = 0; generation.length > 0; level++) {
    const next: string[] = [];
    for (const key of generation) {
      order.push(key);
      levels.set(key, level);
      for (const child of children.get(key) ?? []) {
        const remaining = (waiting.get(child) ?? 0) - 1;
        waiting.set(child, remaining);
        if (remaining === 0) next.push(child);
      }
    }
    generation = next.sort(byText);
  }
  return { order, levels, unordered: keys.filter((key) => !levels.has(key)).sort(byText) };
}

/**
 * The distinct cycles among `keys`, each as a path that starts and ends at its alphabetically
 * first key: `["a", "b", "a"]`. At most `limit` of them.
 */
export function findCycles(keys: readonly string[], parentsOf: (key: string) => readonly string[], limit = 10): string[][] {
  const inScope = new Set(keys);
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (key: string): void => {
    state.set(key, "active");
    stack.push(key);
    for (const parent of [...parentsOf(key)].filter((p) => inScope.has(p)).sort(byText)) {
      if (cycles.length >= limit) break;
      if (state.get(parent) === "active") {
        const cycle = stack.slice(stack.indexOf(parent));
        const first = cycle.reduce((a, b) => (a < b ? a : b));
        const rotated = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first))];
        const id = rotated.join("\u0000");
        if (!seen.has(id)) {
          seen.add(id);
          cycles.push([...rotated, first]);
        }
      } else if (state.get(parent) === undefined) visit(parent);
    }
    stack.pop();
    state.set(key, "done");
  };
  for (const key of [...keys].sort(byText)) if (state.get(key) === undefined && cycles.length < limit) visit(key);
  return cycles;
}
