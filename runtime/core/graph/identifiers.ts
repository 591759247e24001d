/**
 * Identifier rules shared by keys, columns, tags and groups. Identifiers end up unquoted in
 * users' SQL and in bucket, table and dataset names on every cloud, so they are kept to
 * lower_snake_case and away from SQL keywords.
 */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** Keys: one to four identifiers joined by `/`, e.g. `clean/orders` or `sales/eu/orders`. */
export const MAX_KEY_SEGMENTS = 4;

/**
 * Words that cannot stand unquoted as names: DuckDB's reserved and type/function keywords
 * (`select * from duckdb_keywords()`), plus Spark SQL's and BigQuery's reserved words.
 */
const RESERVED = new Set(
  (
    // DuckDB reserved
    "all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create default deferrable " +
    "desc describe distinct do else end except false fetch for foreign from group having in initially intersect into lambda lateral " +
    "leading limit not null offset on only or order pivot pivot_longer pivot_wider placing primary qualify references returning select " +
    "show some summarize symmetric table then to trailing true union unique unpivot using variadic when where window with " +
    // DuckDB type and function keywords
    "anti asof at authorization binary by collation columns concurrently cross freeze full generated glob ilike inner is isnull join " +
    "left like map natural notnull outer overlaps positional right semi similar struct tablesample try_cast unpack verbose " +
    // Spark SQL and BigQuery reserved words not above
    "assert_rows_modified contains cube current define enum escape exclude exists extract following grouping groups hash if ignore " +
    "interval lookup merge new no nulls of over partition preceding proto range recursive respect rollup rows set treat unbounded within"
  ).split(" "),
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
