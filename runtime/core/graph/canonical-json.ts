/**
 * JSON with object keys sorted and functions as their source text: equal values give equal
 * text, whatever order their keys were written in. Written as a direct walk (no replacer), as
 * it runs once per asset when fingerprints are computed.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
    case "function":
      return JSON.stringify(value.toString());
    case "undefined":
    case "symbol":
      return "null";
    case "object": {
      if (value === null) return "null";
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const v = record[key];
        if (v !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
      }
      return `{${parts.join(",")}}`;
    }
  }
}
