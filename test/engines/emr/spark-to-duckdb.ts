import { loadPolyglot } from "../../../runtime/transpile/polyglot.ts";

/** How the fake cluster reads a Spark query: where `s3://` lives locally, and the session's ANSI mode. */
export interface SparkReading {
  /** The local path of an `s3://` URI (a prefix keeps its trailing `/`). */
  readonly pathOf: (uri: string) => string;
  /** `spark.sql.ansi.enabled`: CAST fails on a value that does not fit, as DuckDB's CAST does. */
  readonly ansi: boolean;
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * A Spark SQL query as DuckDB SQL, transpiled with polyglot: `` parquet.`s3://…` `` becomes a
 * `read_parquet` of the local files (every `*.parquet` below a prefix, as Spark skips `_SUCCESS`),
 * and two things polyglot leaves to the reader are settled — Spark's CAST becomes DuckDB's
 * TRY_CAST, right only without ANSI mode (an explicit `try_cast` stays one); Spark's
 * `sequence` (an inclusive series) has DuckDB's name `generate_series`, and `unix_millis` DuckDB's
 * `epoch_ms`.
 * @throws when polyglot cannot read the query as Spark SQL
 */
export async function sparkQueryToDuckDB(spark: string, reading: SparkReading): Promise<string> {
  const files: string[] = [];
  const marked = spark
    .replace(/\bparquet\.`([^`]+)`/gi, (_m, uri: string) => `__lf_parquet_${files.push(uri) - 1}__`)
    .replace(/\btry_cast\s*\(/gi, "__lf_try_cast(");
  const polyglot = await loadPolyglot();
  const result = polyglot.transpile(marked, polyglot.Dialect.Spark, polyglot.Dialect.DuckDB);
  const [text, ...more] = result.success ? (result.sql ?? []) : [];
  if (text === undefined || more.length > 0) throw new Error(`[PARSE_SYNTAX_ERROR] cannot read the statement as one Spark SQL query: ${result.error ?? "several statements"}`);
  return (reading.ansi ? text.replace(/\bTRY_CAST\s*\(/gi, "CAST(") : text)
    .replace(/\b__lf_try_cast\(/gi, "TRY_CAST(")
    .replace(/\bSEQUENCE\s*\(/gi, "GENERATE_SERIES(")
    .replace(/\bUNIX_MILLIS\s*\(/gi, "EPOCH_MS(")
    .replace(/(["`]?)__lf_parquet_(\d+)__\1/gi, (_m, _q, index: string) => {
      const path = reading.pathOf(files[Number(index)] as string);
      return `read_parquet(${quote(path.endsWith("/") ? `${path}**/*.parquet` : path)})`;
    });
}
