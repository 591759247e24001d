import { DuckDBInstance, timestampTZValue, timestampValue, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import type { SqlValue } from "../../core/declare/sql-template.ts";
import { WallClockTime } from "../../core/partitions/wall-clock-time.ts";

/** Settings of the embedded engine. */
export interface DuckDBSettings {
  /** DuckDB's memory limit; beyond it operators spill to `tempDirectory`. @default "1GB" */
  readonly memoryLimit?: string;
  /** @default 2 */
  readonly threads?: number;
  /** Where DuckDB spills. */
  readonly tempDirectory: string;
}

/**
 * The session time zone of every DuckDB instance: fixed, whatever the host's `TZ`. It decides
 * how DuckDB reads a timestamp without an offset, casts between DATE, TIMESTAMP and TIMESTAMPTZ,
 * and renders TIMESTAMPTZ values as text. An asset's own SQL runs in its partitions' time zone
 * instead (see `inTimeZone`).
 */
export const ENGINE_TIME_ZONE = "UTC";

/** Converts a bound value to what DuckDB's binding expects (Dates as TIMESTAMPTZ, wall-clock times as TIMESTAMP). */
function toDuckDB(value: SqlValue): DuckDBValue {
  if (value instanceof WallClockTime) return timestampValue(BigInt(value.getTime()) * 1000n);
  if (value instanceof Date) return timestampTZValue(BigInt(value.getTime()) * 1000n);
  return value;
}

/** One in-memory DuckDB database and connection, with parameterised helpers. */
export class DuckDBSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(settings: DuckDBSettings): Promise<DuckDBSession> {
    const instance = await DuckDBInstance.create(":memory:", {
      memory_limit: settings.memoryLimit ?? "1GB",
      threads: String(settings.threads ?? 2),
      temp_directory: settings.tempDirectory,
      preserve_insertion_order: "false",
    });
    const connection = await instance.connect();
    // Before anything else: DuckDB defaults to the host's zone (the TimeZone config option needs
    // ICU loaded, so it is set here rather than at creation).
    await connection.run(`SET TimeZone = '${ENGINE_TIME_ZONE}'`);
    return new DuckDBSession(instance, connection);
  }

  /**
   * Runs `work` with the session time zone set to `timeZone` (an IANA name), then restores
   * `ENGINE_TIME_ZONE`, even when `work` fails. Within it, a TIMESTAMP (such as the window
   * macros, see `macroValues`) compared with a TIMESTAMPTZ is a wall clock in `timeZone`.
   */
  async inTimeZone<T>(timeZone: string, work: () => Promise<T>): Promise<T> {
    if (timeZone === ENGINE_TIME_ZONE) return work();
    await this.connection.run("SET TimeZone = $1", [timeZone]);
    try {
      return await work();
    } finally {
      await this.connection.run(`SET TimeZone = '${ENGINE_TIME_ZONE}'`);
    }
  }

  /** Runs a statement; returns the number of rows it changed or wrote. */
  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.connection.run(sql, params.map(toDuckDB));
    return Number(result.rowsChanged);
  }

  /** Runs a query and returns its rows as JSON-safe objects (numbers, strings, booleans, null). */
  async all(sql: string, params: readonly SqlValue[] = []): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql, params.map(toDuckDB));
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  }

  /** Streams a query's rows as JS values, chunk by chunk. */
  async *stream(sql: string, params: readonly SqlValue[] = []): AsyncIterable<Record<string, unknown>> {
    const result = await this.connection.stream(sql, params.map(toDuckDB));
    for await (const rows of result.yieldRowObjectJs()) yield* rows as Record<string, unknown>[];
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
