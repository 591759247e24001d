import { DuckDBInstance, timestampTZValue, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import type { SqlValue } from "../../model/sql-template.ts";

/** Settings of the embedded engine. */
export interface DuckDBSettings {
  /** DuckDB's memory limit; beyond it operators spill to `tempDirectory`. @default "1GB" */
  readonly memoryLimit?: string;
  /** @default 2 */
  readonly threads?: number;
  /** Where DuckDB spills. */
  readonly tempDirectory: string;
}

/** Converts a bound value to what DuckDB's binding expects (Dates as TIMESTAMPTZ). */
function toDuckDB(value: SqlValue): DuckDBValue {
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
    return new DuckDBSession(instance, await instance.connect());
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
