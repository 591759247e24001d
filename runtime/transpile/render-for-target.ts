import type { AssetRef } from "../core/declare/asset-ref.ts";
import { templateFor, type SqlTemplate, type SqlValue } from "../core/declare/sql-template.ts";
import { LakeformError } from "../core/errors.ts";
import type { Problem } from "../core/problem.ts";
import type { Dialect } from "../core/sql/dialect.ts";
import { bigqueryDialect, duckdbDialect } from "../core/sql/dialects.ts";
import { renderSql, type RenderContext } from "../core/sql/render-sql.ts";
import { sparkLiteral } from "../core/sql/spark-literal.ts";
import { replaceSentinels, Sentinel } from "./sentinels.ts";
import { TARGET_LABEL, type SqlTarget } from "./sql-target.ts";
import { grammarErrors } from "./target-grammar.ts";
import { transpile } from "./transpile.ts";
import { untranslatableConstructs } from "./untranslatable-constructs.ts";

/** How asset SQL renders for a target engine: where refs point, and the macros' values. */
export interface TargetRenderContext {
  readonly target: SqlTarget;
  /** The target's SQL for a reference: a table or view name, or a parenthesised sub-query. */
  readonly ref: (ref: AssetRef) => string;
  /** Values of the partition macros. */
  readonly macros?: RenderContext["macros"];
  /** The target's SQL standing for `${self}` in custom checks. */
  readonly self?: string;
  /**
   * The session time zone the target runs the SQL in: the zone of the asset's time partitions,
   * which the EMR step sets as `spark.sql.session.timeZone` (`at time zone` translates
   * faithfully to Spark only in UTC).
   * @default "UTC"
   */
  readonly sessionTimeZone?: string;
}

/** What the SQL belongs to, for problems: the asset, and the custom check when it is one. */
export interface SqlSubject {
  readonly asset: string;
  readonly check?: string;
}

/** Asset SQL rendered for a target engine, with what keeps it from running there. */
export interface TargetSql {
  readonly target: SqlTarget;
  /**
   * The SQL in the target's dialect, values in its native form: Spark SQL literals (a
   * `spark-sql -f` step binds no parameters; see `sparkLiteral`), BigQuery named parameters
   * `@p0`, `@p1`, … (values in `params`).
   */
  readonly text: string;
  /** BigQuery's query parameters, `params[i]` for `@p<i>`; empty for Spark. */
  readonly params: readonly SqlValue[];
  /** True when the per-engine override of `sql.for` was used instead of the transpiled text. */
  readonly overridden: boolean;
  /** Why the SQL does not translate or parse, each naming the subject and the fix; empty when it can run. */
  readonly problems: readonly Problem[];
}

/** DuckDB's dialect with sentinel identifiers for parameters, so that they survive transpilation. */
const sentinelDialect: Dialect = Object.freeze({ ...duckdbDialect, parameter: Sentinel.param });

const overrideFix = (target: SqlTarget) => `give a per-engine override with sql.for({ ${target}: sql\`…\` })`;

function problem(subject: SqlSubject, message: string, fix: string, at: string | undefined): Problem {
  const where = subject.check === undefined ? "its SQL" : `its check "${subject.check}"`;
  return { asset: subject.asset, message: `${where} ${message}`, fix, ...(at === undefined ? {} : { at }) };
}

/**
 * Renders DuckDB-dialect asset SQL (or a custom check's) for Spark or BigQuery: the engine's
 * override from `sql.for` when there is one, else the DuckDB text transpiled with polyglot.
 * Refs, parameters and `${self}` pass through transpilation as sentinel identifiers
 * (`__lf_ref_0__`, `__lf_param_0__`, `__lf_self__`) and are replaced afterwards, so that
 * `context.ref` keeps control of the names and values never depend on positional markers.
 * The result is checked for constructs that do not translate and parsed with the target's
 * grammar; what fails is returned as problems, not thrown.
 *
 * @example
 * const out = await renderForTarget(dailyRevenue.compute, { target: "spark", ref: (r) => sparkInputView(r.key), macros }, { asset: "curated/daily_revenue" });
 * if (out.problems.length === 0) upload(out.text);
 */
export async function renderForTarget(template: SqlTemplate, context: TargetRenderContext, subject: SqlSubject): Promise<TargetSql> {
  const { target } = context;
  const chosen = templateFor(template, target);
  const at = chosen.template.site?.location;
  const refs: AssetRef[] = [];
  const rendered = renderSql(chosen.template, {
    dialect: sentinelDialect,
    ref: (ref) => Sentinel.ref(refs.push(ref) - 1),
    ...(context.macros === undefined ? {} : { macros: context.macros }),
    ...(context.self === undefined ? {} : { self: Sentinel.self }),
  });
  const problems: Problem[] = [];
  let text = rendered.text.trim();
  if (!chosen.overridden) {
    try {
      text = await transpile(rendered.text, target);
    } catch (error) {
      if (!(error instanceof LakeformError)) throw error;
      return { target, text: rendered.text, params: [], overridden: false, problems: [problem(subject, `cannot be transpiled: ${error.message}`, `make it a valid DuckDB query, or ${overrideFix(target)}`, at)] };
    }
    for (const c of await untranslatableConstructs(rendered.text, text, target, context.sessionTimeZone === undefined ? {} : { sessionTimeZone: context.sessionTimeZone })) problems.push(problem(subject, `uses ${c.construct}`, c.fix, at));
  }
  const expected = [...rendered.params.map((_, i) => Sentinel.param(i)), ...refs.map((_, i) => Sentinel.ref(i))];
  const replaced = replaceSentinels(
    text,
    (token) => {
      if (token.kind === "self") return context.self ?? Sentinel.self;
      if (token.kind === "ref") return context.ref(refs[token.index] as AssetRef);
      return target === "spark" ? sparkLiteral(rendered.params[token.index] ?? null) : bigqueryDialect.parameter(token.index);
    },
    expected,
  );
  if (replaced.missing.length > 0) {
    problems.push(problem(subject, `lost ${replaced.missing.join(", ")} in transpilation to ${TARGET_LABEL[target]}`, `simplify the expression around it, or ${overrideFix(target)}`, at));
  }
  if (problems.length === 0) {
    const [first] = await grammarErrors(replaced.text, target);
    if (first !== undefined) {
      const where = first.line === undefined ? "" : ` at line ${first.line}, column ${first.column ?? "?"}`;
      const message = chosen.overridden ? `(its ${target} override) does not parse as ${TARGET_LABEL[target]}${where}: ${first.message}` : `transpiled to ${TARGET_LABEL[target]} does not parse${where}: ${first.message}`;
      problems.push(problem(subject, message, chosen.overridden ? `correct the ${target} SQL of sql.for` : `rewrite the construct there, or ${overrideFix(target)}`, at));
    }
  }
  return { target, text: replaced.text, params: target === "spark" ? [] : rendered.params, overridden: chosen.overridden, problems };
}
