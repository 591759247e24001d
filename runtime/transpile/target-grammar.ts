import type { SqlTarget } from "./sql-target.ts";

/** A syntax error the target's grammar reports, 1-based. */
export interface GrammarError {
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly message: string;
}

type SparkParser = { validate(sql: string): readonly { startLine: number; startColumn: number; message: string }[] };
type BigQueryParser = { astify(sql: string, options: { database: string }): unknown };

let spark: Promise<SparkParser> | undefined;
let bigquery: Promise<BigQueryParser> | undefined;

// dt-sql-parser's root import loads every grammar (12–15 s): import Spark's alone.
const sparkParser = () => (spark ??= import("dt-sql-parser/dist/parser/spark/index.js").then((m) => new m.SparkSQL() as SparkParser));
const bigqueryParser = () => (bigquery ??= import("node-sql-parser/build/bigquery.js").then((m) => new (m.default as unknown as { Parser: new () => BigQueryParser }).Parser()));

/** `text` with `pattern`'s matches blanked out (same length, so positions stay). */
const blank = (text: string, pattern: RegExp) => text.replace(pattern, (m) => " ".repeat(m.length));

/** `text` with `pattern`'s matches replaced by `by`, padded to the same length. */
const swap = (text: string, pattern: RegExp, by: string) => text.replace(pattern, (m) => by.padEnd(m.length, " "));

/**
 * Works around gaps of node-sql-parser 5.4's BigQuery grammar, all valid BigQuery: it rejects
 * `NULLS FIRST|LAST` in a window's ORDER BY (blanked out) and `IS [NOT] DISTINCT FROM` (read as
 * `=` / `<>`) and an ORDER BY inside `array_agg(…)` / `string_agg(…)` (blanked out, when it has no
 * parentheses), with positions kept; and it reads a QUALIFY right after an unaliased table as
 * the table's alias (an alias is added).
 */
function bigqueryGrammarShims(sql: string): string {
  const ordered = sql.replace(/(\b(?:ARRAY_AGG|STRING_AGG)\s*\([^()]*?)(\s+ORDER\s+BY\s[^()]*)\)/gi, (_m, call: string, order: string) => `${call}${" ".repeat(order.length)})`);
  const kept = swap(swap(blank(ordered, /\bNULLS\s+(?:FIRST|LAST)\b/gi), /\bIS\s+NOT\s+DISTINCT\s+FROM\b/gi, "="), /\bIS\s+DISTINCT\s+FROM\b/gi, "<>");
  return kept.replace(/(\bFROM\s+(?:`[^`]+`|[\w.]+))(\s+QUALIFY\b)/gi, "$1 AS __lf_t$2");
}

/** The first line of a message, without its trailing full stop. */
const firstLine = (message: string) => (message.split("\n")[0] ?? message).replace(/\.$/, "");

/**
 * Parses `sql` with a grammar of `target`'s dialect and returns its syntax errors (none when it
 * parses). Spark SQL: dt-sql-parser's Spark grammar (slow to warm: seconds for its first
 * statement, then ~1–500 ms each). BigQuery: node-sql-parser's BigQuery grammar. A grammar
 * accepts syntax only: unknown functions parse.
 */
export async function grammarErrors(sql: string, target: SqlTarget): Promise<GrammarError[]> {
  if (target === "spark") {
    const errors = (await sparkParser()).validate(sql);
    // dt-sql-parser reports each error twice (parser and lexer listeners): keep one.
    const unique = new Map(errors.map((e) => [`${e.startLine}:${e.startColumn}:${e.message}`, e]));
    return [...unique.values()].map((e) => ({ line: e.startLine, column: e.startColumn, message: firstLine(e.message) }));
  }
  try {
    (await bigqueryParser()).astify(bigqueryGrammarShims(sql), { database: "bigquery" });
    return [];
  } catch (error) {
    const location = (error as { location?: { start?: { line?: number; column?: number } } }).location?.start;
    return [{ line: location?.line, column: location?.column, message: firstLine(error instanceof Error ? error.message : String(error)) }];
  }
}
