import type { AstNode } from "./sql-ast.ts";
import type { SqlTarget } from "./sql-target.ts";

/**
 * A call of the DuckDB SQL that polyglot 0.12 translates into something that parses but means
 * another thing in the target, or fails there: what was written, why, and the rewrite.
 */
export interface MistranslatedCall {
  /** The construct as written in DuckDB SQL, in backticks, e.g. `` `epoch_ms(x)` on a timestamp ``. */
  readonly written: string;
  /** What polyglot makes of it in the target, and why that is wrong. */
  readonly why: string;
  /** How to fix it; `… in an override` where only an override can (the caller names `sql.for`). */
  readonly fix: string;
}

/** What a rule sees: the call, its arguments, and whether it is a FROM item (a table function). */
interface Call {
  readonly node: AstNode;
  readonly args: readonly unknown[];
  readonly inFrom: boolean;
}

type Rule = (call: Call, target: SqlTarget) => MistranslatedCall | undefined;

const record = (value: unknown): Record<string, unknown> | undefined => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** The string value of a string literal argument, or undefined. */
function stringValue(arg: unknown): string | undefined {
  const literal = record(record(arg)?.literal);
  return literal?.literal_type === "string" && typeof literal.value === "string" ? literal.value : undefined;
}

/** The data type an argument is cast to (`cast(x as T)`, `x::T`), lower-cased, with whether it has a time zone. */
function castTo(arg: unknown): { readonly type: string; readonly timezone: boolean } | undefined {
  const to = record(record(record(arg)?.cast)?.to);
  return typeof to?.data_type === "string" ? { type: to.data_type.toLowerCase(), timezone: to.timezone === true } : undefined;
}

/** True when the argument is visibly a number: a numeric literal, or a cast to a numeric type. */
function isNumeric(arg: unknown): boolean {
  const literal = record(record(arg)?.literal);
  if (literal !== undefined) return literal.literal_type === "number";
  return /int|decimal|numeric|double|float|real/.test(castTo(arg)?.type ?? "");
}

/** True when the argument is visibly a DATE: a date literal, `current_date`, or a cast to DATE. */
function isDate(arg: unknown): boolean {
  const literal = record(record(arg)?.literal);
  if (literal !== undefined) return literal.literal_type === "date";
  const fn = record(record(arg)?.function);
  if (typeof fn?.name === "string" && ["current_date", "today"].includes(fn.name.toLowerCase())) return true;
  return castTo(arg)?.type === "date";
}

/** True when the argument is a TIMESTAMP without time zone: a timestamp literal or a cast to TIMESTAMP. */
function isPlainTimestamp(arg: unknown): boolean {
  const literal = record(record(arg)?.literal);
  if (literal !== undefined) return literal.literal_type === "timestamp";
  const cast = castTo(arg);
  return cast !== undefined && cast.type.startsWith("timestamp") && !cast.timezone;
}

const TABLE_FUNCTIONS: Rule = ({ node, inFrom }, target) => {
  if (!inFrom || (node.kind !== "range" && node.kind !== "generate_series")) return undefined;
  const written = node.kind === "range" ? "range(…)" : "generate_series(…)";
  return {
    written: `\`${written}\` as a table`,
    why: target === "spark" ? "which polyglot writes as `FROM sequence(…)`, an array function, not a table, in Spark SQL" : `which polyglot writes as \`FROM ${node.kind === "range" ? "range" : "generate_array"}(…)\`, not a table in BigQuery`,
    fix: "select from `unnest(generate_series(start, stop)) as t(i)` (stop included: `range(n)` is `generate_series(0, n - 1)`), which becomes explode(sequence(…)) in Spark and unnest(generate_array(…)) in BigQuery",
  };
};

const SCALAR_RANGE: Rule = ({ node, inFrom }, target) =>
  node.kind === "range" && !inFrom && target === "bigquery"
    ? { written: "`range(…)`", why: "which polyglot keeps as range(…), BigQuery's RANGE type constructor, not a list", fix: "use generate_series(start, stop - 1) (BigQuery's generate_array)" }
    : undefined;

const EPOCH_MS: Rule = ({ node }) => {
  if (node.kind !== "epoch_ms" || isNumeric(node.fields.this)) return undefined;
  return {
    written: "`epoch_ms(x)` of a timestamp",
    why: "which polyglot writes as timestamp_millis(x): the inverse, milliseconds to a timestamp",
    fix: "when x is a number of milliseconds, say so with epoch_ms(cast(x as bigint)); for a timestamp's milliseconds give unix_millis(ts) in an override",
  };
};

const TO_TIMESTAMP: Rule = ({ node }, target) =>
  node.kind === "to_timestamp" && target === "spark"
    ? { written: "`to_timestamp(seconds)`", why: "which polyglot writes as from_unixtime(seconds), a STRING in Spark SQL", fix: "give timestamp_seconds(seconds) in an override" }
    : undefined;

const REGEXP_REPLACE: Rule = ({ node, args }, target) => {
  if (node.kind !== "regexp_replace") return undefined;
  const options = args.length > 3 ? stringValue(args[3]) : undefined;
  if (target === "bigquery" && options !== undefined && options.replace(/g/g, "") === "") return undefined;
  const why =
    options === undefined
      ? `which replaces the first match in DuckDB and every match in ${target === "spark" ? "Spark SQL" : "BigQuery"}`
      : target === "spark"
        ? `whose options ('${options}') polyglot passes as Spark's fourth argument, a position`
        : `whose options ('${options}') polyglot drops`;
  const fix =
    target === "spark"
      ? "give Spark's regexp_replace(s, pattern, replacement), which replaces every match (flags go in the pattern, e.g. (?i)), in an override"
      : "pass 'g' to replace every match, and write other options as inline flags in the pattern (e.g. (?i))";
  return { written: "`regexp_replace(…)`", why, fix };
};

const REGEXP_MATCHES_OPTIONS: Rule = ({ node, args }, target) =>
  node.kind === "regexp_matches" && args.length > 2
    ? {
        written: "`regexp_matches(s, pattern, options)`",
        why: target === "spark" ? "which polyglot writes as regexp_like(s, pattern, options); Spark's takes no options" : "whose options polyglot drops",
        fix: "write the options as inline flags in the pattern: regexp_matches(s, '(?i)…')",
      }
    : undefined;

const REGEXP_EXTRACT: Rule = ({ node }, target) =>
  node.kind === "regexp_extract" && target === "bigquery"
    ? { written: "`regexp_extract(…)`", why: "which returns NULL in BigQuery where DuckDB returns '' (no match), and whose third argument is a position there, not a group", fix: "give BigQuery's regexp_extract(s, pattern), which returns the pattern's one capturing group, in an override" }
    : undefined;

const DOW_PARTS = new Set(["dow", "dayofweek", "weekday", "isodow"]);

/** `dow` or `isodow` when the node asks for the day of the week. */
function dayOfWeekPart(node: AstNode, args: readonly unknown[]): string | undefined {
  if (node.kind === "day_of_week" || node.kind === "dayofweek" || node.kind === "weekday") return "dow";
  if (node.kind === "isodow") return "isodow";
  if (node.kind === "extract") {
    const field = node.fields.field;
    const name = (typeof field === "string" ? field : String(record(field)?.Custom ?? "")).toLowerCase();
    return name === "isodow" || name === "dayofweekiso" ? "isodow" : name === "dayofweek" || name === "dow" ? "dow" : undefined;
  }
  if (node.kind === "date_part" || node.kind === "datepart") {
    const part = stringValue(args[0])?.toLowerCase();
    return part !== undefined && DOW_PARTS.has(part) ? (part === "isodow" ? "isodow" : "dow") : undefined;
  }
  return undefined;
}

const DAY_OF_WEEK: Rule = ({ node, args }, target) => {
  const part = dayOfWeekPart(node, args);
  if (part === undefined) return undefined;
  const iso = part === "isodow";
  return {
    written: iso ? "`isodow(…)` (the ISO day of the week)" : "the day of the week (`dow`, `dayofweek`)",
    why: iso ? `which polyglot passes through; ${target === "spark" ? "Spark SQL" : "BigQuery"} has no such part` : target === "spark" ? "which Spark SQL counts from Sunday = 1 (DuckDB: Sunday = 0)" : "which polyglot writes as a DOW part BigQuery does not have (its DAYOFWEEK counts from Sunday = 1)",
    fix: target === "spark" ? (iso ? "give extract(dayofweek_iso from ts) in an override" : "give dayofweek(ts) - 1 in an override") : iso ? "give mod(extract(dayofweek from ts) + 5, 7) + 1 in an override" : "give extract(dayofweek from ts) - 1 in an override",
  };
};

const ORDERED_LIST: Rule = ({ node }, target) => {
  const ordered = Array.isArray(node.fields.order_by) && node.fields.order_by.length > 0;
  return ordered && target === "spark" && (node.kind === "array_agg" || node.kind === "list")
    ? { written: "`array_agg(x order by …)`", why: "which polyglot writes as collect_list(x), dropping the order", fix: "give transform(array_sort(collect_list(struct(key, x))), e -> e.x) in an override" }
    : undefined;
};

const JSON_CAST: Rule = ({ node }, target) =>
  node.kind === "cast" && target === "spark" && castTo({ cast: node.fields })?.type === "json"
    ? { written: "a cast to JSON", why: "which polyglot writes as to_json(x): Spark SQL has no JSON type, and to_json quotes a string as a JSON string", fix: "keep JSON text a string (drop the cast: `->>` and json_extract_string read strings too)" }
    : undefined;

/** Format codes polyglot turns into Spark's datetime pattern letters. */
const SPARK_CODES = new Set(["Y", "m", "d", "H", "M", "S", "y", "b", "a", "j", "p", "I", "F", "T", "f", "%"]);

const STRFTIME: Rule = ({ node, args }, target) => {
  if (node.kind !== "strftime") return undefined;
  if (target === "bigquery") {
    return isDate(args[0]) ? undefined : { written: "`strftime(ts, format)` of a timestamp", why: "which polyglot writes as format_date(format, ts); BigQuery's takes only a DATE", fix: "format a DATE — strftime(cast(ts as date), format) — or give format_timestamp(format, ts) in an override" };
  }
  const format = stringValue(args[1]);
  if (format === undefined) return undefined;
  const codes = [...format.matchAll(/%(.)/g)].map((m) => m[1] ?? "");
  const untranslated = [...new Set(codes.filter((c) => !SPARK_CODES.has(c)))];
  const text = /[A-Za-z]/.test(format.replace(/%./g, ""));
  if (untranslated.length === 0 && !text) return undefined;
  const why = untranslated.length > 0 ? `whose codes ${untranslated.map((c) => `%${c}`).join(", ")} polyglot leaves as they are in Spark's date_format pattern` : "whose text polyglot leaves unquoted in Spark's date_format pattern, where letters are fields";
  return { written: "`strftime(ts, format)`", why, fix: "use only %Y %m %d %H %M %S %y %b %a %j %p %I %F %T and no letters of text (concatenate text with ||), or give date_format(ts, pattern) in an override" };
};

const TIME_ZONE_ON_PLAIN_TIMESTAMP: Rule = ({ node }, target) =>
  node.kind === "at_time_zone" && isPlainTimestamp(node.fields.this)
    ? {
        written: "`ts at time zone 'zone'` of a TIMESTAMP without time zone",
        why: "which DuckDB reads as a wall clock in the zone and turns into an instant, while polyglot converts from UTC into the zone (the other way)",
        fix: target === "spark" ? "give to_utc_timestamp(ts, zone) in an override" : "give timestamp(ts, zone) in an override",
      }
    : undefined;

const RULES: readonly Rule[] = [TABLE_FUNCTIONS, SCALAR_RANGE, EPOCH_MS, TO_TIMESTAMP, REGEXP_REPLACE, REGEXP_MATCHES_OPTIONS, REGEXP_EXTRACT, DAY_OF_WEEK, ORDERED_LIST, JSON_CAST, STRFTIME, TIME_ZONE_ON_PLAIN_TIMESTAMP];

/** The FROM items of every SELECT (aliases unwrapped): the calls there are table functions. */
function fromItems(source: readonly AstNode[]): Set<unknown> {
  const items = new Set<unknown>();
  const add = (item: unknown) => {
    const alias = record(record(item)?.alias);
    const inner = record(alias?.this ?? item);
    const call = inner === undefined ? undefined : (inner.function ?? inner.aggregate_function);
    if (call !== undefined) items.add(call);
  };
  for (const node of source) {
    if (node.kind !== "select") continue;
    const from = record(node.fields.from)?.expressions;
    if (Array.isArray(from)) from.forEach(add);
    const joins = node.fields.joins;
    if (Array.isArray(joins)) joins.forEach((j) => add(record(j)?.this));
  }
  return items;
}

/**
 * The calls of a DuckDB statement (its AST nodes, see `astNodes`) that polyglot translates
 * into SQL that parses in `target` but means something else or fails when it runs: table
 * functions (`range`, `generate_series` in FROM), `epoch_ms` of a timestamp, `to_timestamp`,
 * `regexp_replace` (first match vs every match, options), `regexp_matches` with options,
 * `regexp_extract`, the day of the week, `array_agg(… order by …)`, casts to JSON, `strftime`
 * formats, and `at time zone` on a TIMESTAMP without time zone. Each construct is reported once.
 */
export function mistranslatedCalls(source: readonly AstNode[], target: SqlTarget): MistranslatedCall[] {
  const tables = fromItems(source);
  const found = new Map<string, MistranslatedCall>();
  for (const node of source) {
    const args = Array.isArray(node.fields.args) ? node.fields.args : [];
    for (const rule of RULES) {
      const hit = rule({ node, args, inFrom: tables.has(node.fields) }, target);
      if (hit !== undefined && !found.has(hit.written + hit.why)) found.set(hit.written + hit.why, hit);
    }
  }
  return [...found.values()];
}
