import type { SqlValue } from "../declare/sql-template.ts";

/** `2024-01-01 00:00:00` (or with milliseconds) from a Date's UTC fields. */
function utcFields(value: Date): string {
  const iso = value.toISOString(); // 2024-01-01T00:00:00.000Z
  const [date, time = ""] = iso.slice(0, -1).split("T");
  return `${date} ${time.endsWith(".000") ? time.slice(0, -4) : time}`;
}

/**
 * A value as a Spark SQL literal, for statements run by `spark-sql -f` (which binds no
 * parameters). Strings escape `\` and `'` (Spark reads backslash escapes in literals) and never
 * contain `${` (the CLI substitutes variables inside literals too): a `$` is written `\u0024`.
 * A Date is written by its UTC fields as a `TIMESTAMP` literal, read in the session time zone —
 * Lakeform binds partition bounds as wall-clock times whose UTC fields are the wall clock, and
 * the step runs with `spark.sql.session.timeZone` set to the partitions' zone, as DuckDB does.
 *
 * @throws RangeError for a number that is not finite (Spark has no literal for it)
 * @example sparkLiteral("it's") // 'it\'s'
 * @example sparkLiteral(new Date("2024-01-01T00:00:00Z")) // TIMESTAMP '2024-01-01 00:00:00'
 */
export function sparkLiteral(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "bigint") return `${value}L`;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${value} has no Spark SQL literal`);
    if (Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) return String(value);
    return Number.isSafeInteger(value) ? `${value}L` : `CAST(${value} AS DOUBLE)`;
  }
  if (value instanceof Date) return `TIMESTAMP '${utcFields(value)}'`;
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\$/g, "\\u0024")}'`;
}
