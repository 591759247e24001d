import type { SqlValue } from "../../core/declare/sql-template.ts";
import { sparkLiteral } from "../../core/sql/spark-literal.ts";

/**
 * Replaces Spark's named parameter markers (`:p0`, as Lakeform's Spark dialect renders them)
 * with literals, outside string literals, quoted identifiers and comments: a `spark-sql -f` step
 * binds no parameters.
 * @throws when a marker has no value
 */
export function inlineSparkParams(sql: string, params: readonly SqlValue[]): string {
  if (params.length === 0) return sql;
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === "\\" && c !== "`" ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const j = end < 0 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === ":" && /^p\d+/.test(sql.slice(i + 1)) && sql[i - 1] !== ":") {
      const match = /^p(\d+)/.exec(sql.slice(i + 1)) as RegExpExecArray;
      const index = Number(match[1]);
      if (index >= params.length) throw new Error(`parameter :p${index} has no value (${params.length} given)`);
      out += sparkLiteral(params[index] as SqlValue);
      i += 1 + match[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
