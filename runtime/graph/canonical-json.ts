/** JSON with object keys sorted, functions as their source text: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "function") return v.toString();
    if (typeof v === "bigint") return v.toString();
    if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Date) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
