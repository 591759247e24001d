import { PII_KINDS, PII_TREATMENTS } from "../../declare/pii.ts";
import type { ColumnSpec } from "../../declare/column.ts";
import type { Problem } from "../../problem.ts";
import { IDENTIFIER, isReservedWord, toIdentifier } from "../identifiers.ts";
import { problemAt, type ValidationContext } from "../validation-context.ts";

const TYPE_KINDS = new Set(["string", "int32", "int64", "double", "decimal", "boolean", "date", "timestamp", "json"]);

function columnProblem(name: string, column: ColumnSpec | undefined): [message: string, fix: string] | undefined {
  if (column === undefined || typeof column !== "object" || !TYPE_KINDS.has(column.type?.kind)) {
    return [`column "${name}" has no column type`, `declare it with col.string(), col.int64(), col.timestamp(), …`];
  }
  if (name.startsWith("_")) return [`column "${name}" starts with "_", which is reserved for load metadata (_loaded_at, _source_file, _batch_id)`, `rename it "${name.replace(/^_+/, "")}"`];
  if (!IDENTIFIER.test(name)) return [`column "${name}" is not a safe identifier (lower_snake_case, starting with a letter, at most 63 characters)`, `rename it "${toIdentifier(name)}"`];
  if (isReservedWord(name)) return [`column "${name}" is an SQL keyword`, `rename it, e.g. "${name}_value"`];
  const type = column.type;
  if (type.kind === "decimal" && !(Number.isInteger(type.precision) && type.precision >= 1 && type.precision <= 38 && Number.isInteger(type.scale) && type.scale >= 0 && type.scale <= type.precision)) {
    return [`column "${name}" is decimal(${type.precision}, ${type.scale})`, "use a precision from 1 to 38 and a scale from 0 to the precision, e.g. col.decimal(12, 2)"];
  }
  if (column.deprecated !== undefined && (typeof column.deprecated !== "string" || column.deprecated.trim() === "")) {
    return [`column "${name}" is deprecated without a reason`, 'say what to use instead: .deprecated("use customer_key")'];
  }
  if (column.primaryKey && column.nullable) return [`column "${name}" is a primary key and nullable`, "remove .nullable(): primary keys are never null"];
  const pii = column.pii;
  if (pii !== undefined) {
    if (!PII_KINDS.includes(pii.kind)) return [`column "${name}" has unknown PII kind "${pii.kind}"`, `use one of ${PII_KINDS.join(", ")}`];
    if (!PII_TREATMENTS.includes(pii.treatment)) return [`column "${name}" has unknown PII treatment "${pii.treatment}"`, `use "hash", "mask" or "drop"`];
    if (pii.treatment !== "drop" && type.kind !== "string") {
      return [`column "${name}" is ${type.kind} but PII treatment "${pii.treatment}" produces text`, `declare it col.string(), or use .pii("${pii.kind}", "drop")`];
    }
    if (pii.treatment === "drop" && column.primaryKey) return [`column "${name}" is a primary key but is dropped as PII`, `hash it instead: .pii("${pii.kind}", "hash")`];
  }
  return undefined;
}

/** Every asset has columns, with safe names, valid types and consistent PII declarations. */
export function validateColumns({ definitions }: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const definition of definitions) {
    const columns = Object.entries(definition.columns ?? {});
    if (columns.length === 0) {
      problems.push(problemAt(definition, "no columns are declared", "declare its columns, e.g. columns: { id: col.string().primaryKey() }"));
    }
    for (const [name, column] of columns) {
      const problem = columnProblem(name, (column as { spec?: ColumnSpec } | undefined)?.spec);
      if (problem !== undefined) problems.push(problemAt(definition, ...problem));
    }
  }
  return problems;
}
