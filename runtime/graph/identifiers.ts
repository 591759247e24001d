/**
 * Identifier rules shared by keys, columns, tags and groups. Identifiers end up unquoted in
 * users' SQL and in bucket, table and dataset names on every cloud, so they are kept to
 * lower_snake_case and away from SQL keywords.
 */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** Keys: one to four identifiers joined by `/`, e.g. `clean/orders` or `sales/eu/orders`. */
export const MAX_KEY_SEGMENTS = 4;

/** Words reserved in DuckDB, Spark SQL or BigQuery that make confusing column names. */
const RESERVED = new Set(
  ("all and any array as asc between by case cast collate create cross cube current default desc distinct else end " +
    "except exists false fetch for from full group grouping having if ignore in inner intersect interval into is join " +
    "lateral left like limit merge natural new no not null nulls of on or order outer over partition range recursive " +
    "respect right rollup rows select set some table tablesample then to true union unnest using when where window with within")
    .split(" "),
);

export function isReservedWord(name: string): boolean {
  return RESERVED.has(name);
}

/** Why `key` is not a valid asset key, or undefined when it is. */
export function keyProblem(key: unknown): string | undefined {
  if (typeof key !== "string" || key.length === 0) return "the key is empty";
  const segments = key.split("/");
  if (segments.length > MAX_KEY_SEGMENTS) return `the key has ${segments.length} segments; at most ${MAX_KEY_SEGMENTS} are allowed`;
  const bad = segments.find((s) => !IDENTIFIER.test(s));
  if (bad !== undefined) return `key segment "${bad}" is not a safe identifier (lower_snake_case, starting with a letter, at most 63 characters)`;
  const reserved = segments.find(isReservedWord);
  if (reserved !== undefined) return `key segment "${reserved}" is an SQL keyword`;
  return undefined;
}

/** A safe spelling of `text`, for "rename it to" suggestions. */
export function toIdentifier(text: string): string {
  const snake = text
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_/]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z]/.test(snake) ? snake : `x_${snake}`;
}
