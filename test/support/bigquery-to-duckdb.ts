import { loadPolyglot } from "../../runtime/transpile/polyglot.ts";

/** A named query parameter as BigQuery's REST API carries it. */
export interface QueryParam {
  readonly name?: string;
  readonly parameterType?: { readonly type?: string };
  readonly parameterValue?: { readonly value?: string };
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A parameter's value as a DuckDB literal (DATETIME and TIMESTAMP as TIMESTAMP). */
function literal(param: QueryParam): string {
  const value = param.parameterValue?.value;
  if (value === undefined) return "NULL";
  switch (param.parameterType?.type) {
    case "INT64":
    case "FLOAT64":
      return value;
    case "BOOL":
      return value === "true" ? "TRUE" : "FALSE";
    case "DATETIME":
    case "TIMESTAMP":
      return `TIMESTAMP ${quoteText(value)}`;
    case "DATE":
      return `DATE ${quoteText(value)}`;
    default:
      return quoteText(value);
  }
}

/** The BigQuery field type of a DuckDB column type (lists are REPEATED). */
export function bigqueryType(duckdb: string): { type: string; mode?: string } {
  if (duckdb.endsWith("[]")) return { ...bigqueryType(duckdb.slice(0, -2)), mode: "REPEATED" };
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER)$/.test(duckdb)) return { type: "INTEGER" };
  if (/^(DOUBLE|FLOAT)$/.test(duckdb)) return { type: "FLOAT" };
  if (duckdb.startsWith("DECIMAL")) return { type: "NUMERIC" };
  if (duckdb === "BOOLEAN") return { type: "BOOLEAN" };
  if (duckdb === "DATE") return { type: "DATE" };
  if (duckdb.startsWith("TIMESTAMP")) return { type: "TIMESTAMP" };
  return { type: "STRING" };
}

/**
 * BigQuery Standard SQL as DuckDB statements, transpiled with polyglot, and the tables it reads:
 * `` `project.dataset.table` `` names, `@pN` parameters, `NUMERIC(p, s)` precision and
 * `REGEXP_CONTAINS` (which polyglot turns into a full match) pass through as sentinels and come
 * back as DuckDB's `"project.dataset.table"`, literals, `DECIMAL(p, s)` and `REGEXP_MATCHES`;
 * `--` comment lines are dropped.
 * @throws Error ("Syntax error: …") when polyglot cannot read the SQL
 */
export async function bigqueryToDuckDB(sql: string, params: readonly QueryParam[] = []): Promise<{ statements: string[]; tables: string[] }> {
  const tables: string[] = [];
  const decimals: string[] = [];
  const marked = sql
    .split("\n")
    .filter((line) => !line.startsWith("--"))
    .join("\n")
    .replace(/`([\w-]+\.[\w-]+\.[\w$-]+)`/g, (_m, name: string) => `__lf_t_${tables.push(name) - 1}__`)
    .replace(/@p(\d+)\b/g, "__lf_p_$1__")
    .replace(/\bREGEXP_CONTAINS\s*\(/gi, "__lf_regexp_contains(")
    .replace(/\b(?:BIG)?NUMERIC\((\d+),\s*(\d+)\)/gi, (_m, p: string, s: string) => `__lf_dec_${decimals.push(`DECIMAL(${Math.min(38, Number(p))}, ${s})`) - 1}__`);
  const polyglot = await loadPolyglot();
  const result = polyglot.transpile(marked, polyglot.Dialect.BigQuery, polyglot.Dialect.DuckDB);
  if (!result.success) throw new Error(`Syntax error: ${result.error ?? "cannot read the query"}`);
  const byName = new Map(params.map((p, i) => [p.name ?? `p${i}`, p]));
  const statements = (result.sql ?? []).map((text) =>
    text
      .replace(/(["`]?)__lf_t_(\d+)__\1/g, (_m, _q, i: string) => quoteId(tables[Number(i)] as string))
      .replace(/(["`]?)__lf_p_(\d+)__\1/g, (_m, _q, i: string) => {
        const param = byName.get(`p${i}`);
        if (param === undefined) throw new Error(`Query parameter 'p${i}' not found`);
        return literal(param);
      })
      .replace(/\b__lf_regexp_contains\(/gi, "REGEXP_MATCHES(")
      .replace(/(["`]?)__lf_dec_(\d+)__\1/gi, (_m, _q, i: string) => decimals[Number(i)] as string),
  );
  return { statements, tables };
}
