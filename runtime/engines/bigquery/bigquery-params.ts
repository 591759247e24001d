import type { SqlValue } from "../../core/declare/sql-template.ts";

/** One named query parameter as the BigQuery REST API takes it. */
export interface QueryParameter {
  readonly name: string;
  readonly parameterType: { readonly type: string };
  readonly parameterValue: { readonly value?: string };
}

/** `2024-01-01 00:00:00[.123]` from a Date's UTC fields (Lakeform's wall-clock times keep the wall clock there). */
function wallClock(value: Date): string {
  const iso = value.toISOString();
  const [date, time = ""] = iso.slice(0, -1).split("T");
  return `${date} ${time.endsWith(".000") ? time.slice(0, -4) : time}`;
}

/**
 * The values of `@p0`, `@p1`, … as BigQuery query parameters (`parameterMode: NAMED`). A Date —
 * a partition bound, a wall-clock time in the partitions' zone — is a DATETIME, which compares
 * exactly with DATE and DATETIME columns (a TIMESTAMP column needs `DATETIME(ts, zone)` in the
 * asset's SQL, or a `sql.for({ bigquery })` override). A NULL is a STRING without a value.
 *
 * @example queryParameters([new Date("2024-01-01T00:00:00Z"), 7]) // [{ name: "p0", parameterType: { type: "DATETIME" }, parameterValue: { value: "2024-01-01 00:00:00" } }, { name: "p1", … INT64 "7" }]
 */
export function queryParameters(values: readonly SqlValue[]): QueryParameter[] {
  return values.map((value, i): QueryParameter => {
    const name = `p${i}`;
    if (value === null) return { name, parameterType: { type: "STRING" }, parameterValue: {} };
    if (value instanceof Date) return { name, parameterType: { type: "DATETIME" }, parameterValue: { value: wallClock(value) } };
    if (typeof value === "boolean") return { name, parameterType: { type: "BOOL" }, parameterValue: { value: String(value) } };
    if (typeof value === "bigint") return { name, parameterType: { type: "INT64" }, parameterValue: { value: String(value) } };
    if (typeof value === "number") return { name, parameterType: { type: Number.isSafeInteger(value) ? "INT64" : "FLOAT64" }, parameterValue: { value: String(value) } };
    return { name, parameterType: { type: "STRING" }, parameterValue: { value } };
  });
}
