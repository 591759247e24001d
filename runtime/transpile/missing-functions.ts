import type { SqlTarget } from "./sql-target.ts";

/** Why a function polyglot writes fails in the target (by default: the target has no such function), and its rewrite. */
interface Entry {
  readonly why?: string;
  readonly fix: string;
}

const HEX_DIGEST = "which returns BYTES in BigQuery (DuckDB: a hex string)";

/**
 * Functions polyglot 0.12 writes into a target's SQL although the target has no such function
 * (it passes DuckDB's through, or maps them to another engine's name) or one that means another
 * thing, by lower-cased name, with the rewrite. Names another rule explains (`timezone`,
 * `arg_min`, `listagg`, `time_to_unix`, …) are not listed, so that a construct is reported once.
 */
const MISSING: Readonly<Record<SqlTarget, Readonly<Record<string, Entry>>>> = {
  spark: {
    array_has: { fix: "write list_contains(list, x), which becomes Spark's array_contains" },
    epoch_us: { fix: "give unix_micros(ts) in an override" },
    epoch_ns: { fix: "give unix_micros(ts) * 1000 in an override" },
    time_bucket: { fix: "use date_trunc(part, ts) when the bucket is one calendar unit" },
    age: { fix: "use date_diff(part, start, end)" },
    dayname: { fix: "give date_format(d, 'EEEE') in an override" },
    monthname: { fix: "give date_format(d, 'MMMM') in an override" },
    yearweek: { fix: "give year(d) * 100 + weekofyear(d) in an override" },
    isoyear: { fix: "give extract(yearofweek from d) in an override" },
    sha256: { fix: "give sha2(x, 256) in an override" },
    hash: { why: "which is Spark's Murmur3 hash, another function than DuckDB's: the values differ", fix: "use md5(x) for a hash both engines compute alike" },
    format_string: { why: "which polyglot writes for DuckDB's format(…); Spark's takes printf-style placeholders, not {}", fix: "use printf(…) with %s placeholders" },
    columns: { fix: "list the columns" },
    get_current_timestamp: { fix: "use now()" },
  },
  bigquery: {
    array_contains: { fix: "give `x in unnest(list)` in an override" },
    array_has: { fix: "give `x in unnest(list)` in an override" },
    transform: { fix: "give array(select … from unnest(list) as x) in an override" },
    filter: { fix: "give array(select x from unnest(list) as x where …) in an override" },
    sort_array: { fix: "give array(select x from unnest(list) as x order by x) in an override" },
    split_part: { fix: "give split(s, separator)[safe_offset(n - 1)] in an override" },
    concat_ws: { fix: "give array_to_string([a, b, …], separator), which skips NULLs as concat_ws does, in an override" },
    first: { fix: "use any_value(x) when any value will do, or a window function for the first by an order" },
    mode: { fix: "give approx_top_count(x, 1)[offset(0)].value in an override" },
    dayname: { fix: "use strftime(cast(d as date), '%A')" },
    monthname: { fix: "use strftime(cast(d as date), '%B')" },
    epoch: { fix: "give unix_seconds(ts) in an override" },
    epoch_us: { fix: "give unix_micros(ts) in an override" },
    epoch_ns: { fix: "give unix_micros(ts) * 1000 in an override" },
    time_bucket: { fix: "give timestamp_trunc(ts, part) in an override" },
    age: { fix: "give date_diff(end, start, DAY) in an override" },
    week: { fix: "give extract(isoweek from d) in an override" },
    weekofyear: { fix: "give extract(isoweek from d) in an override" },
    yearweek: { fix: "give extract(isoyear from d) * 100 + extract(isoweek from d) in an override" },
    isoyear: { fix: "give extract(isoyear from d) in an override" },
    printf: { fix: "give format(…) in an override" },
    format: { why: "DuckDB's format takes {} placeholders, BigQuery's printf-style ones", fix: "give format('%s', …) in an override" },
    hash: { why: "which BigQuery does not have (and no engine computes DuckDB's hash)", fix: "give farm_fingerprint(x) in an override" },
    md5: { why: HEX_DIGEST, fix: "give to_hex(md5(x)) in an override" },
    sha256: { why: HEX_DIGEST, fix: "give to_hex(sha256(x)) in an override" },
    columns: { fix: "list the columns" },
    get_current_timestamp: { fix: "use now()" },
  },
};

/** Names of generic calls polyglot passes through from DuckDB's list and struct functions: `list_sum`, `list_distinct`, … */
const DUCKDB_ONLY_PREFIX = /^(?:list|struct)_/;

/** A call: a name and its opening parenthesis, but not `FILTER (WHERE …)` or BigQuery's `WEEK(MONDAY)` part. */
const CALL = /\b([A-Za-z_][A-Za-z0-9_]*)\s*\((?!\s*(?:WHERE|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)\b)/gi;

/** `sql` with string literals, quoted identifiers and comments blanked out (same length), so that only code is searched. */
export function codeOnly(sql: string): string {
  return sql.replace(/'(?:[^'\\]|\\.|'')*'|`[^`]*`|"[^"]*"|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => " ".repeat(m.length));
}

/** A function called in transpiled SQL that fails or means another thing in the target. */
export interface MissingFunction {
  readonly name: string;
  /** Why it fails, e.g. `which BigQuery does not have`. */
  readonly why: string;
  readonly fix: string;
}

/**
 * The functions called in `transpiled` (polyglot's output for `target`) that `target` does not
 * have or that mean another thing there, each once, in order of first appearance: the table
 * above, and every DuckDB `list_…`/`struct_…` function polyglot passed through unchanged.
 */
export function missingFunctions(transpiled: string, target: SqlTarget, label: string): MissingFunction[] {
  const found = new Map<string, MissingFunction>();
  for (const match of codeOnly(transpiled).matchAll(CALL)) {
    const name = (match[1] ?? "").toLowerCase();
    if (found.has(name)) continue;
    const entry = MISSING[target][name] ?? (DUCKDB_ONLY_PREFIX.test(name) ? { fix: "DuckDB's list functions have no portable form: give the target's array functions in an override" } : undefined);
    if (entry !== undefined) found.set(name, { name, why: entry.why ?? `which ${label} does not have`, fix: entry.fix });
  }
  return [...found.values()];
}
