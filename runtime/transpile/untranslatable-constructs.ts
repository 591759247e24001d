import { mistranslatedCalls } from "./mistranslated-calls.ts";
import { codeOnly, missingFunctions } from "./missing-functions.ts";
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

/** A rule's fix ending with the override: named where the fix already is one (`… in an override`), else offered besides. */
const withOverride = (fix: string, target: SqlTarget) =>
  fix.endsWith(" in an override") ? `${fix.slice(0, -" in an override".length)} in a per-engine override, sql.for({ ${target}: sql\`…\` })` : `${fix}, or ${override(target)}`;

/**
 * DuckDB functions polyglot 0.12 passes through unchanged (or with DuckDB's argument order)
 * although the target has no such function, by AST kind, with the rewrite per target.
 */
const FUNCTIONS: readonly { readonly kinds: readonly string[]; readonly written: string; readonly fix: Partial<Record<SqlTarget, string>> }[] = [
  {
    kinds: ["timezone"],
    written: "timezone(zone, ts)",
    fix: {
      spark: "write `ts at time zone 'zone'` (polyglot writes from_utc_timestamp(ts, zone), the same while Spark's session zone is UTC; `cast(ts at time zone 'UTC' as date)` is the UTC day)",
      bigquery: "write `ts at time zone 'zone'` (polyglot writes timestamp(datetime(ts, zone)); `cast(ts at time zone 'UTC' as date)` is the UTC day)",
    },
  },
  {
    kinds: ["arg_min", "argmin", "min_by", "arg_max", "argmax", "max_by"],
    written: "arg_min/min_by(…), arg_max/max_by(…)",
    fix: {
      spark: "polyglot writes arg_min/arg_max, which Spark SQL does not have: take the value with a window function — first_value(value) over (partition by … order by ordering) — and group by it",
      bigquery: "polyglot writes arg_min/arg_max, which BigQuery does not have: take the value with a window function — first_value(value) over (partition by … order by ordering) — and group by it",
    },
  },
  {
    kinds: ["logical_or", "logical_and"],
    written: "bool_or(…)/bool_and(…)",
    fix: { bigquery: "write count_if(x) > 0 for bool_or(x) and count_if(not x) = 0 for bool_and(x) (false or true, not NULL, when every x is NULL), which translate everywhere" },
  },
  { kinds: ["date_diff", "datediff"], written: "date_diff(part, start, end)", fix: { bigquery: "BigQuery takes the part last and polyglot keeps DuckDB's order: give date_diff(end, start, DAY) in an override" } },
  { kinds: ["date_trunc"], written: "date_trunc(part, ts)", fix: { bigquery: "BigQuery takes the part last: give timestamp_trunc(ts, DAY) or date_trunc(date, DAY) in an override" } },
  { kinds: ["string_agg", "group_concat", "listagg"], written: "string_agg(…)", fix: { spark: "give concat_ws(separator, collect_list(x)) in an override", bigquery: "polyglot writes listagg: give string_agg(x, separator) in an override" } },
  { kinds: ["median"], written: "median(…)", fix: { bigquery: "give approx_quantiles(x, 2)[offset(1)] in an override" } },
  { kinds: ["quantile_cont", "quantile_disc", "quantile"], written: "quantile_cont(…)", fix: { spark: "give percentile(x, fraction) in an override", bigquery: "give approx_quantiles(x, n)[offset(k)] in an override" } },
  { kinds: ["epoch"], written: "epoch(ts)", fix: { bigquery: "give unix_seconds(ts) in an override" } },
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
    return [{ construct: `\`${rule.written}\`, which polyglot does not translate to ${TARGET_LABEL[target]}`, fix: withOverride(fix, target) }];
  });
}

/** Spark SQL's reading of `at time zone`, which is right only in a UTC session. */
function sessionZoneProblems(source: readonly AstNode[], sessionTimeZone: string): UntranslatableConstruct[] {
  if (sessionTimeZone === "UTC" || !source.some((n) => n.kind === "at_time_zone")) return [];
  return [{
    construct: `\`ts at time zone 'zone'\`, which polyglot writes as from_utc_timestamp(ts, zone) — a shifted instant, the zone's wall clock only in a UTC session — and Spark SQL runs this SQL in the session zone ${sessionTimeZone}`,
    fix: `take the day in ${sessionTimeZone} with cast(ts as date), which DuckDB and Spark both read in the session zone, or ${override("spark")}`,
  }];
}

/** Options of {@link untranslatableConstructs}. */
export interface UntranslatableOptions {
  /**
   * The session time zone the target runs the SQL in: the asset's partitions' zone, which the
   * EMR step sets as `spark.sql.session.timeZone`.
   * @default "UTC"
   */
  readonly sessionTimeZone?: string;
}

/**
 * The constructs of `duckdbSql` that `transpiled` (polyglot's output for `target`) does not
 * express: aggregate FILTER clauses for BigQuery, a QUALIFY left inside a CTE or sub-query for
 * Spark (polyglot rewrites only a top-level one), DuckDB functions polyglot passes through,
 * calls it translates into something that parses but means another thing (`epoch_ms` of a
 * timestamp, `range(n)` as a table, `regexp_replace`, the day of the week, …, see
 * `mistranslatedCalls`), functions of the output the target does not have (`list_…`, …, see
 * `missingFunctions`), Spark's TIMESTAMPTZ, and `at time zone` in a Spark session that is not
 * in UTC. Each names the construct and its fix. A statement polyglot cannot parse yields none:
 * the grammar check reports it.
 */
export async function untranslatableConstructs(duckdbSql: string, transpiled: string, target: SqlTarget, options: UntranslatableOptions = {}): Promise<UntranslatableConstruct[]> {
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
  for (const call of mistranslatedCalls(source, target)) found.push({ construct: `${call.written}, ${call.why}`, fix: withOverride(call.fix, target) });
  for (const fn of missingFunctions(transpiled, target, TARGET_LABEL[target])) found.push({ construct: `\`${fn.name}(…)\` in its ${TARGET_LABEL[target]} translation, ${fn.why}`, fix: withOverride(fn.fix, target) });
  if (target === "spark") {
    if (/\bTIMESTAMPTZ\b/i.test(codeOnly(transpiled))) found.push({ construct: "`timestamptz`, which polyglot keeps here and Spark SQL does not have", fix: `polyglot keeps it inside VALUES and epoch_ms: write the rows as select … union all select … (where a timestamptz becomes Spark's TIMESTAMP, an instant too), or ${override(target)}` });
    found.push(...sessionZoneProblems(source, options.sessionTimeZone ?? "UTC"));
  }
  return found;
}
