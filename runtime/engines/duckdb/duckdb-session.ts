import { DuckDBInstance, timestampTZValue, timestampValue, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import type { SqlValue } from "../../core/declare/sql-template.ts";
import { LakeformError } from "../../core/errors.ts";
import { WallClockTime } from "../../core/partitions/wall-clock-time.ts";

/** Settings of the embedded engine. */
export interface DuckDBSettings {
  /** DuckDB's memory limit; beyond it operators spill to `tempDirectory`. @default "1GB" */
  readonly memoryLimit?: string;
  /** @default 2 */
  readonly threads?: number;
  /** Where DuckDB spills. */
  readonly tempDirectory: string;
  /**
   * Read published data from S3 (`s3://` inputs) through DuckDB's httpfs extension, with the
   * AWS credential chain (the task's role in the account). The runtime image installs the
   * extension (see the Dockerfile); where it cannot be loaded, opening the engine fails with
   * the reason. @default undefined: local files only
   */
  readonly s3?: { readonly region: string | undefined; readonly endpoint?: string };
  /**
   * Audits profile partitions of more than ten times this many rows on a sample of about this many
   * (checks always read every row); 0: every row. @default 0
   */
  readonly profileSampleRows?: number;
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
    const session = new DuckDBSession(instance, connection);
    if (settings.s3 !== undefined) await session.#readS3(settings.s3);
    return session;
  }

  /** Whether `s3://` inputs can be read (httpfs loaded, credentials from the AWS chain). */
  get readsS3(): boolean {
    return this.#s3;
  }

  #s3 = false;

  async #readS3(s3: NonNullable<DuckDBSettings["s3"]>): Promise<void> {
    try {
      await this.connection.run("LOAD httpfs").catch(async () => {
        await this.connection.run("INSTALL httpfs");
        await this.connection.run("LOAD httpfs");
      });
      const options = ["TYPE s3", "PROVIDER credential_chain", ...(s3.region === undefined ? [] : [`REGION '${s3.region.replace(/'/g, "''")}'`]), ...(s3.endpoint === undefined ? [] : [`ENDPOINT '${new URL(s3.endpoint).host.replace(/'/g, "''")}'`, "URL_STYLE 'path'", `USE_SSL ${s3.endpoint.startsWith("https:") ? "true" : "false"}`])];
      await this.connection.run(`CREATE OR REPLACE SECRET lakeform_s3 (${options.join(", ")})`);
      this.#s3 = true;
    } catch (error) {
      throw new LakeformError(`DuckDB cannot read published data in S3 here: ${(error as Error).message.split("\n")[0]}. Fix: run the runtime from the image the repo's Dockerfile builds (it installs DuckDB's httpfs and aws extensions), or unset LAKEFORM_S3_BUCKET to keep data in the workspace.`, { cause: error });
    }
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

  /** A second connection, opened on first use, that only binds statements (see {@link columnNamesOf}). */
  #binder: Promise<DuckDBConnection> | undefined;
  #binderOpen: DuckDBConnection | undefined;
  /** Its calls, one after another (a connection runs one statement at a time). */
  #binderTurn: Promise<unknown> = Promise.resolve();

  /**
   * The names of the columns the query `sql` returns, bound but not run, on a second connection
   * of the same database: it can be asked while a statement runs on `connection` (a COPY of the
   * same query), so the two overlap. A query without parameters is prepared (its statement
   * names its columns); one with parameters is described with them bound (a prepared statement
   * names its columns only once it runs). Fails as binding the query would.
   */
  columnNamesOf(sql: string, params: readonly SqlValue[] = []): Promise<string[]> {
    const names = this.#binderTurn.then(async () => {
      this.#binder ??= this.instance.connect().then(async (opened) => {
        this.#binderOpen = opened;
        await opened.run(`SET TimeZone = '${ENGINE_TIME_ZONE}'`);
        return opened;
      });
      const binder = await this.#binder;
      if (params.length > 0) return (await binder.runAndReadAll(`DESCRIBE (\n${sql}\n)`, params.map(toDuckDB))).getRowObjectsJson().map((r) => String(r.column_name));
      const prepared = await binder.prepare(`SELECT * FROM (\n${sql}\n)`);
      try {
        return Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
      } finally {
        prepared.destroySync();
      }
    });
    this.#binderTurn = names.catch(() => undefined);
    return names;
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
    this.#binderOpen?.closeSync();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
