import { parseDuration } from "../../declare/duration.ts";
import type { AssetDefinition } from "../../declare/asset.ts";
import type { SqlTemplate } from "../../declare/sql-template.ts";
import type { Problem } from "../../problem.ts";
import { problemAt, type ValidationContext } from "../validation-context.ts";

const FORMATS = new Set(["csv", "jsonl", "json", "parquet"]);
const WHEN_NO_DATA = new Set(["wait", "publishEmpty"]);
const ENGINES = new Set(["duckdb", "emr", "bigquery"]);

function templateProblem(template: SqlTemplate): string | undefined {
  if (template.strings.join("").trim() === "" && template.parts.length === 0) return "the SQL is empty";
  for (const part of template.parts) {
    if (part.kind === "param") {
      const value: unknown = part.value;
      const scalar = value === null || value instanceof Date || ["string", "number", "bigint", "boolean"].includes(typeof value);
      if (!scalar) return `a value interpolated into the SQL is ${Array.isArray(value) ? "an array" : typeof value}, not a scalar`;
    } else if (part.kind === "macro" && part.name === "self") {
      return "${self} only means something in a custom check";
    } else if (part.kind === "sql") {
      const nested = templateProblem(part);
      if (nested !== undefined && nested !== "the SQL is empty") return nested;
    }
  }
  return undefined;
}

/** Names of the macros a template uses, nested templates included. */
export function macrosOf(template: SqlTemplate): Set<string> {
  const names = new Set<string>();
  const visit = (t: SqlTemplate): void => {
    for (const part of t.parts) {
      if (part.kind === "macro") names.add(part.name);
      else if (part.kind === "sql") visit(part);
    }
  };
  visit(template);
  return names;
}

/** Why `template` cannot use its partition macros in `definition`, or undefined. */
export function macroProblem(template: SqlTemplate, definition: AssetDefinition): [string, string] | undefined {
  const macros = macrosOf(template);
  const partitions = definition.partitions;
  if ((macros.has("partitionStart") || macros.has("partitionEnd")) && partitions?.kind !== "time") {
    return ["its SQL uses ${partitionStart}/${partitionEnd} but the asset is not partitioned by time", "partition it with hourly(), daily() or monthly(), or remove the macros"];
  }
  if (macros.has("partitionKey") && partitions === undefined) return ["its SQL uses ${partitionKey} but the asset is not partitioned", "partition it, or remove the macro"];
  return undefined;
}

/** Why a source's `rename` (landed name → column) is wrong, or undefined. */
function renameProblem(rename: Readonly<Record<string, string>> | undefined, definition: AssetDefinition): [string, string] | undefined {
  if (rename === undefined) return undefined;
  const declared = Object.keys(definition.columns);
  const targets = new Map<string, string>();
  for (const [landed, column] of Object.entries(rename)) {
    if (!declared.includes(column)) {
      return [`rename maps "${landed}" to "${column}", which is not a declared column`, `map it to one of ${declared.map((c) => `"${c}"`).join(", ")}, or declare "${column}"`];
    }
    const other = targets.get(column);
    if (other !== undefined) return [`rename maps both "${other}" and "${landed}" to "${column}"`, "map each landed field to its own column"];
    targets.set(column, landed);
  }
  return undefined;
}

function computeProblem(definition: AssetDefinition): [message: string, fix: string] | undefined {
  const compute = definition.compute as AssetDefinition["compute"] | undefined;
  const engine = definition.engine;
  if (engine !== undefined && !ENGINES.has(engine)) return [`engine "${String(engine)}" is not an engine`, `use "duckdb", "emr" or "bigquery"`];
  switch (compute?.kind) {
    case "sql": {
      const problem = templateProblem(compute);
      return problem === undefined ? macroProblem(compute, definition) : [problem, "write the SQL with ref() for assets and ${value} only for scalar values"];
    }
    case "fn":
      if (engine !== undefined && engine !== "duckdb") return [`a TypeScript fn runs in the Lakeform process, not on ${engine}`, `remove engine: "${engine}", or rewrite the compute as sql\`...\``];
      return undefined;
    case "spark":
      if (typeof compute.script !== "string" || compute.script.trim() === "") return ["the Spark script path is empty", `name the script, e.g. spark({ script: "jobs/${String(definition.key).split("/").pop()}.py" })`];
      if (engine !== undefined && engine !== "emr") return [`a Spark script runs only on EMR, not on ${engine}`, `set engine: "emr" or rewrite the compute as sql\`...\``];
      return undefined;
    case "ingest": {
      const from = compute.from;
      // Extracting sources have their own rule (sources.ts).
      if (from.kind !== "fileDrop") return undefined;
      if (!FORMATS.has(from.format)) return [`landing format "${String(from.format)}" is not supported`, `use "csv", "jsonl", "json" (an array of objects) or "parquet"`];
      if (typeof from.pattern !== "string" || from.pattern.trim() === "" || from.pattern.startsWith("/") || from.pattern.includes("..")) {
        return [`landing pattern "${String(from.pattern)}" must be a relative glob inside the landing directory`, `use e.g. "orders/*.${from.format}"`];
      }
      if (from.delimiter !== undefined && (from.format !== "csv" || from.delimiter.length !== 1)) return ["the delimiter must be one character, for CSV only", `use delimiter: "," or ";"`];
      if (from.whenNoData !== undefined && !WHEN_NO_DATA.has(from.whenNoData)) return [`whenNoData "${String(from.whenNoData)}" is not an option`, `use "wait" (the default) or "publishEmpty"`];
      if (from.quietFor !== undefined && parseDuration(from.quietFor) === undefined) return [`quietFor "${String(from.quietFor)}" is not a duration`, 'write it like "2m" or "30s"'];
      if (from.doneMarker !== undefined && (typeof from.doneMarker !== "string" || from.doneMarker === "" || from.doneMarker.includes("/"))) return [`doneMarker "${String(from.doneMarker)}" is not a file-name suffix`, 'write it like ".done" (then orders/a.csv.done marks orders/a.csv complete)'];
      return renameProblem(from.rename, definition);
    }
    default:
      return ["it has no compute", "add compute: sql`...`, fn({...}) or spark({...})"];
  }
}

/** The compute is well-formed and can run on the chosen engine. */
export function validateCompute({ definitions }: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const definition of definitions) {
    const problem = computeProblem(definition);
    if (problem !== undefined) problems.push(problemAt(definition, ...problem));
  }
  return problems;
}
