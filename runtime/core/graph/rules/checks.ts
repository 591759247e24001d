import type { AssetDefinition } from "../../declare/asset.ts";
import type { CheckSpec } from "../../declare/check.ts";
import type { Column } from "../../declare/column.ts";
import { parseDuration } from "../../declare/duration.ts";
import type { Problem } from "../../problem.ts";
import { refsOf } from "../../declare/sql-template.ts";
import { didYouMean } from "../../did-you-mean.ts";
import { macroProblem } from "./compute.ts";
import { problemAt, type ValidationContext } from "../validation-context.ts";

const NUMERIC = new Set(["int32", "int64", "double", "decimal"]);
const TEMPORAL = new Set(["date", "timestamp"]);

function columnsNamed(check: CheckSpec): readonly string[] {
  switch (check.kind) {
    case "notNull":
    case "unique":
      return check.columns;
    case "acceptedValues":
    case "relationships":
    case "range":
    case "regex":
    case "freshness":
      return [check.column];
    case "rowCount":
    case "volumeAnomaly":
    case "schema":
    case "sql":
      return [];
  }
}

function columnTypeOf(columns: Readonly<Record<string, Column>>, name: string): string | undefined {
  return columns[name]?.spec.type.kind;
}

function unknownColumnProblem(definition: AssetDefinition, check: CheckSpec, name: string): Problem {
  const hint = didYouMean(name, Object.keys(definition.columns));
  const fix = hint ? `${hint} Otherwise declare the column` : `check one of its columns: ${Object.keys(definition.columns).join(", ")}`;
  return problemAt(definition, `check "${check.name}" names column "${name}", which the asset does not declare`, fix);
}

const patternProblems = new Map<string, string | undefined>();

/** Why `pattern` does not compile as a regular expression, or undefined. Cached. */
function patternProblem(pattern: string): string | undefined {
  if (!patternProblems.has(pattern)) {
    try {
      new RegExp(pattern);
      patternProblems.set(pattern, undefined);
    } catch (error) {
      patternProblems.set(pattern, (error as Error).message);
    }
  }
  return patternProblems.get(pattern);
}

function kindProblem(check: CheckSpec, columns: Readonly<Record<string, Column>>, byKey: ValidationContext["byKey"]): [string, string] | undefined {
  const typeOf = columnTypeOf.bind(undefined, columns);
  const named = `check "${check.name}"`;
  switch (check.kind) {
    case "notNull":
    case "unique":
      return check.columns.length === 0 ? [`${named} names no column`, "name at least one column"] : undefined;
    case "acceptedValues":
      return check.values.length === 0 ? [`${named} accepts no value`, "list the accepted values"] : undefined;
    case "relationships": {
      const target = byKey.get(check.to);
      if (target === undefined) {
        const hint = didYouMean(check.to, byKey.keys());
        return [`${named} refers to asset "${check.to}", which is not declared`, hint ? hint : "declare it or fix the key"];
      }
      if (!(check.toColumn in target.columns)) {
        const hint = didYouMean(check.toColumn, Object.keys(target.columns));
        return [`${named} refers to column "${check.toColumn}" of "${check.to}", which it does not declare`, hint ? hint : `use one of ${Object.keys(target.columns).join(", ")}`];
      }
      return undefined;
    }
    case "range": {
      if (check.min === undefined && check.max === undefined) return [`${named} has neither min nor max`, "give min, max or both"];
      const kind = typeOf(check.column);
      const bounds = [check.min, check.max].filter((b) => b !== undefined);
      if (kind !== undefined && NUMERIC.has(kind) && bounds.some((b) => typeof b !== "number")) return [`${named} bounds a numeric column with text`, "use numbers for min and max"];
      if (kind !== undefined && TEMPORAL.has(kind) && bounds.some((b) => typeof b !== "string" || Number.isNaN(Date.parse(b)))) return [`${named} bounds a ${kind} column with something other than an ISO date`, 'use ISO dates, e.g. min: "2020-01-01"'];
      if (kind !== undefined && !NUMERIC.has(kind) && !TEMPORAL.has(kind)) return [`${named} applies to a ${kind} column`, "use range on numbers, dates or timestamps; use acceptedValues or regex for text"];
      if (check.min !== undefined && check.max !== undefined && check.min > check.max) return [`${named} has min ${String(check.min)} above max ${String(check.max)}`, "swap min and max"];
      return undefined;
    }
    case "regex": {
      if (typeOf(check.column) !== undefined && typeOf(check.column) !== "string") return [`${named} applies to a ${typeOf(check.column)} column`, "use regex on string columns"];
      if (/\(\?<?[=!]|\\[1-9]/.test(check.pattern)) return [`${named} uses lookaround or a back-reference, which DuckDB and BigQuery (RE2) do not support`, "rewrite the pattern without them, or use a custom sql check"];
      const invalid = patternProblem(check.pattern);
      return invalid === undefined ? undefined : [`${named} has an invalid pattern: ${invalid}`, "fix the regular expression"];
    }
    case "rowCount": {
      const bad = [check.min, check.max].some((b) => b !== undefined && !(Number.isInteger(b) && b >= 0));
      if (bad) return [`${named} bounds must be whole numbers ≥ 0`, "use e.g. rowCount({ min: 1 })"];
      if (check.min === undefined && check.max === undefined) return [`${named} has neither min nor max`, "give min, max or both"];
      if (check.min !== undefined && check.max !== undefined && check.min > check.max) return [`${named} has min ${check.min} above max ${check.max}`, "swap min and max"];
      return undefined;
    }
    case "volumeAnomaly":
      if (!(check.stddevs > 0)) return [`${named} needs stddevs above 0`, "use e.g. volumeAnomaly({ stddevs: 2 })"];
      if (!(Number.isInteger(check.lookback) && check.lookback >= 2)) return [`${named} needs a lookback of at least 2 runs`, "use e.g. lookback: 10"];
      if (!(Number.isInteger(check.minHistory) && check.minHistory >= 2 && check.minHistory <= check.lookback)) return [`${named} needs minHistory between 2 and lookback (${check.lookback})`, "use e.g. minHistory: 3"];
      return undefined;
    case "freshness": {
      const kind = typeOf(check.column);
      if (kind !== undefined && !TEMPORAL.has(kind)) return [`${named} applies to a ${kind} column`, "use freshness on a timestamp or date column"];
      return parseDuration(check.maxAge) === undefined ? [`${named} has maxAge "${check.maxAge}", which is not a duration`, 'write it like "6h", "30m" or "1d"'] : undefined;
    }
    case "schema":
      return undefined;
    case "sql": {
      if (check.query?.kind !== "sql" || check.query.strings.join("").trim() === "") return [`${named} has no SQL`, "write sql`select * from ${self} where <failing condition>`"];
      const missing = refsOf(check.query).find((r) => !byKey.has(r.key));
      if (missing !== undefined) {
        const hint = didYouMean(missing.key, byKey.keys());
        return [`${named} refers to asset "${missing.key}", which is not declared`, hint ? `${hint} Otherwise fix the ref()` : "fix the ref()"];
      }
      return undefined;
    }
  }
}

/** Checks name declared columns, are internally consistent, and have unique names. */
export function validateChecks({ definitions, byKey }: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const definition of definitions) {
    const names = new Set<string>();
    for (const check of definition.checks) {
      for (const name of columnsNamed(check)) {
        if (!(name in definition.columns)) problems.push(unknownColumnProblem(definition, check, name));
      }
      if (check.name.startsWith("primary_key_")) problems.push(problemAt(definition, `check name "${check.name}" is reserved for the checks a primary key implies`, "choose another name"));
      if (names.has(check.name)) problems.push(problemAt(definition, `two checks are named "${check.name}"`, "give one of them another name with { name: \"...\" }"));
      names.add(check.name);
      if (check.severity === "warn" && check.blocking) {
        problems.push(problemAt(definition, `check "${check.name}" is a warning but blocking`, 'use severity: "error" to block publishing, or remove blocking: true'));
      }
      const problem = kindProblem(check, definition.columns, byKey) ?? (check.kind === "sql" ? macroProblem(check.query, definition) : undefined);
      if (problem !== undefined) problems.push(problemAt(definition, problem[0].startsWith("check") ? problem[0] : `check "${check.name}": ${problem[0]}`, problem[1]));
    }
  }
  return problems;
}
