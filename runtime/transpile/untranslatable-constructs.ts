import { loadPolyglot } from "./polyglot.ts";
import { astNodes, type AstNode } from "./sql-ast.ts";
import { TARGET_LABEL, type SqlTarget } from "./sql-target.ts";

/** A construct of the DuckDB SQL that has no faithful translation into a target. */
export interface UntranslatableConstruct {
  /** The construct as written in DuckDB SQL, e.g. `` `count(*) filter (where …)` ``, and why it fails. */
  readonly construct: string;
  /** How to fix it, ending with the per-engine override. */
  readonly fix: string;
}

const override = (target: SqlTarget) => `give a per-engine override with sql.for({ ${target}: sql\`…\` })`;

/**
 * DuckDB functions polyglot 0.12 passes through unchanged (or with DuckDB's argument order)
 * although the target has no such function, by AST kind, with the rewrite per target.
 */
const FUNCTIONS: readonly { readonly kinds: readonly string[]; readonly written: string; readonly fix: Partial<Record<SqlTarget, string>> }[] = [
  { kinds: ["timezone"], written: "timezone(zone, ts)", fix: { spark: "convert with from_utc_timestamp(ts, zone) / to_utc_timestamp(ts, zone)", bigquery: "use datetime(ts, zone), or date(ts, zone) for the day" } },
  { kinds: ["arg_min", "argmin", "arg_max", "argmax"], written: "arg_min(…)/arg_max(…)", fix: { spark: "use min_by(value, ordering) / max_by(value, ordering)", bigquery: "use min_by(value, ordering) / max_by(value, ordering)" } },
  { kinds: ["logical_or", "logical_and"], written: "bool_or(…)/bool_and(…)", fix: { bigquery: "use logical_or(…) / logical_and(…)" } },
  { kinds: ["date_diff", "datediff"], written: "date_diff(part, start, end)", fix: { bigquery: "write date_diff(end, start, DAY) (BigQuery takes the part last; polyglot keeps DuckDB's order)" } },
  { kinds: ["date_trunc"], written: "date_trunc(part, ts)", fix: { bigquery: "use timestamp_trunc(ts, DAY) or date_trunc(date, DAY) — the part last" } },
  { kinds: ["string_agg", "group_concat", "listagg"], written: "string_agg(…)", fix: { spark: "use concat_ws(separator, collect_list(…))", bigquery: "use string_agg(…) (polyglot writes listagg)" } },
  { kinds: ["median"], written: "median(…)", fix: { bigquery: "use approx_quantiles(x, 2)[offset(1)]" } },
  { kinds: ["quantile_cont", "quantile_disc", "quantile"], written: "quantile_cont(…)", fix: { spark: "use percentile(x, fraction)", bigquery: "use approx_quantiles(x, n)[offset(k)]" } },
  { kinds: ["epoch"], written: "epoch(ts)", fix: { bigquery: "use unix_seconds(ts)" } },
];

/** `count(*)`, `count(distinct …)`, `sum(…)`: how an aggregate with a FILTER clause was written. */
function aggregateForm(node: AstNode): string {
  const distinct = node.fields.distinct === true ? "distinct " : "";
  if (node.kind === "count" && node.fields.star === true) return "count(*)";
  return `${node.kind}(${distinct}…)`;
}

function filteredAggregates(source: readonly AstNode[], target: SqlTarget): UntranslatableConstruct[] {
  const filtered = source.filter((n) => n.fields.filter !== undefined && n.fields.filter !== null && n.kind !== "window_function");
  if (filtered.length === 0) return [];
  const forms = [...new Set(filtered.map(aggregateForm))];
  const first = forms[0] ?? "count(*)";
  const all = filtered.length === 1 ? "" : ` (${filtered.length} aggregates with a FILTER clause: ${forms.join(", ")})`;
  return [{
    construct: `\`${first} filter (where …)\`${all}, which ${TARGET_LABEL[target]} does not support and polyglot leaves unchanged`,
    fix: `rewrite as countif(...)/sum(if(...)) or ${override(target)}`,
  }];
}

function unknownFunctions(source: readonly AstNode[], target: SqlTarget): UntranslatableConstruct[] {
  const kinds = new Set(source.map((n) => n.kind));
  return FUNCTIONS.flatMap((rule) => {
    const fix = rule.fix[target];
    if (fix === undefined || !rule.kinds.some((k) => kinds.has(k))) return [];
    return [{ construct: `\`${rule.written}\`, which polyglot does not translate to ${TARGET_LABEL[target]}`, fix: `${fix}, or ${override(target)}` }];
  });
}

/**
 * The constructs of `duckdbSql` that `transpiled` (polyglot's output for `target`) does not
 * express: aggregate FILTER clauses for BigQuery, a QUALIFY left inside a CTE or sub-query for
 * Spark (polyglot rewrites only a top-level one), and DuckDB functions polyglot passes through.
 * Each names the construct and its fix. A statement polyglot cannot parse yields none: the
 * grammar check reports it.
 */
export async function untranslatableConstructs(duckdbSql: string, transpiled: string, target: SqlTarget): Promise<UntranslatableConstruct[]> {
  const polyglot = await loadPolyglot();
  const parsed = polyglot.parse(duckdbSql, polyglot.Dialect.DuckDB);
  const source = parsed.success ? [...astNodes(parsed.ast)] : [];
  const found: UntranslatableConstruct[] = [];
  if (target === "bigquery") found.push(...filteredAggregates(source, target));
  if (target === "spark") {
    const output = polyglot.parse(transpiled, polyglot.Dialect.Spark);
    if (output.success && [...astNodes(output.ast)].some((n) => n.fields.qualify !== undefined && n.fields.qualify !== null)) {
      found.push({
        construct: "`qualify` inside a CTE or sub-query, which Spark SQL does not have (polyglot rewrites only a top-level QUALIFY into a sub-query)",
        fix: `filter on the window function in an outer query — select … from (select …, row_number() over (…) as rn from …) where rn = 1 — or ${override(target)}`,
      });
    }
  }
  found.push(...unknownFunctions(source, target));
  return found;
}
