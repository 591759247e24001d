import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { bigqueryToDuckDB, bigqueryType, type QueryParam } from "./bigquery-to-duckdb.ts";

/** One request the fake answered: method, path (with query string) and JSON body. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, any> | undefined;
}

type State = "PENDING" | "RUNNING" | "DONE";

interface FakeJob {
  readonly id: string;
  readonly resource: Record<string, any>;
  state: State;
  error?: { reason: string; message: string };
  bytes: number;
  /** The DuckDB table holding the result (the destination, or an anonymous one). */
  result?: string;
  connection?: DuckDBConnection | undefined;
  cancelled: boolean;
  run?: Promise<void>;
}

/** How long `settled` waits at most for a running job. */
const SETTLE_LIMIT_MS = 2_000;
const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;
const tableName = (ref: { projectId: string; datasetId: string; tableId: string }) => `${ref.projectId}.${ref.datasetId}.${ref.tableId}`;

const cell = (value: unknown): unknown => (value === null || value === undefined ? null : Array.isArray(value) ? value.map((v) => ({ v: cell(v) })) : String(value));

/**
 * BigQuery at its REST boundary on 127.0.0.1, with BigQuery's engine replaced by DuckDB:
 * `jobs.insert` (query, copy, load and dry-run jobs; a duplicate id answers 409), `jobs.get`,
 * `jobs.cancel`, `jobs.getQueryResults` and `tables.patch` (expiration), for `@google-cloud/bigquery` pointed at
 * {@link endpoint}. Tables live in an in-memory DuckDB under their full `project.dataset.table`
 * name; submitted SQL is transpiled from BigQuery back to DuckDB with polyglot (table names,
 * parameters, NUMERIC precision and REGEXP_CONTAINS kept by sentinels) and run for real.
 * A dry run reports the result's schema and `totalBytesProcessed` — the sum over the tables it
 * reads of rows × columns × 8 bytes, unless a test sets {@link estimate} — and a job whose
 * estimate exceeds its `maximumBytesBilled` fails as BigQuery's does. Jobs run one at a time, in
 * insertion order (the later ones PENDING); `cancel` interrupts a running one and answers once it
 * stopped. Load jobs read Parquet files of Cloud Storage through `files` (e.g. `FakeGcs.fileOf`),
 * taking `dt` from a `dt=YYYY-MM-DD/` folder under custom Hive partitioning. Every request is
 * recorded in {@link requests}.
 */
export class FakeBigQuery {
  readonly requests: RecordedRequest[] = [];
  readonly jobs = new Map<string, FakeJob>();
  /** Set to make dry runs and jobs report these bytes for their SQL (undefined: computed from the tables read). */
  estimate: ((sql: string, job: { readonly dryRun: boolean }) => number | undefined) | undefined;
  /** Table name → when it expires (epoch ms), as `tables.patch` set it. */
  readonly expirations = new Map<string, number>();
  /** Table name → how often it was (re)written, for "computed once" assertions. */
  readonly writes = new Map<string, number>();
  readonly #server: Server;
  readonly #duckdb: DuckDBInstance;
  readonly #admin: DuckDBConnection;
  #queue: Promise<void> = Promise.resolve();
  #anonymous = 0;
  readonly #files: ((uri: string) => string | undefined) | undefined;

  private constructor(server: Server, duckdb: DuckDBInstance, admin: DuckDBConnection, files: ((uri: string) => string | undefined) | undefined) {
    this.#server = server;
    this.#duckdb = duckdb;
    this.#admin = admin;
    this.#files = files;
  }

  /** `files` resolves the `gs://` URIs of load jobs to local files. @default - load jobs fail: no such URI */
  static async start(options: { readonly files?: (uri: string) => string | undefined } = {}): Promise<FakeBigQuery> {
    const duckdb = await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "256MB" });
    const admin = await duckdb.connect();
    let fake: FakeBigQuery | undefined;
    const server = createServer((req, res) => void fake?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake = new FakeBigQuery(server, duckdb, admin, options.files);
    return fake;
  }

  get endpoint(): string {
    const { port } = this.#server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  /** The job requests of kind `query`/`copy`, dry runs marked, in order: what the engine asked BigQuery to do. */
  jobInserts(): { readonly dryRun: boolean; readonly jobId: string | undefined; readonly configuration: Record<string, any> }[] {
    return this.requests
      .filter((r) => r.method === "POST" && /\/jobs$/.test(r.path.split("?")[0] ?? ""))
      .map((r) => ({ dryRun: r.body?.configuration?.dryRun === true, jobId: r.body?.jobReference?.jobId, configuration: r.body?.configuration ?? {} }));
  }

  /**
   * Query jobs that broke the cost rules: inserted without `maximumBytesBilled`, or without a dry
   * run of their SQL (or of the SELECT they wrap) before them. Empty when every job kept them.
   */
  unguardedJobs(): string[] {
    const inserts = this.jobInserts();
    return inserts.flatMap((insert, i) => {
      const query = insert.configuration.query;
      if (insert.dryRun || query === undefined) return [];
      const problems: string[] = [];
      if (query.maximumBytesBilled === undefined) problems.push(`${insert.jobId}: no maximumBytesBilled`);
      if (!inserts.slice(0, i).some((p) => p.dryRun && String(query.query).includes(String(p.configuration.query?.query)))) problems.push(`${insert.jobId}: no dry run before it`);
      return problems;
    });
  }

  /** Rows of a DuckDB query over the fake's tables (tables by their full name in double quotes). */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.#admin.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  }

  /** Whether the table `project.dataset.table` exists. */
  async hasTable(name: string): Promise<boolean> {
    const found = await this.rows(`select count(*) as n from duckdb_tables() where table_name = ${quoteText(name)}`);
    return Number(found[0]?.n) > 0;
  }

  /** Resolves when no job runs any more, or after `limitMs` (at most 2 s): the engine's `sleep` between polls. */
  async settled(limitMs = SETTLE_LIMIT_MS): Promise<void> {
    const running = [...this.jobs.values()].flatMap((j) => (j.state === "DONE" || j.run === undefined ? [] : [j.run]));
    if (running.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(running), new Promise((resolve) => (timer = setTimeout(resolve, Math.min(limitMs, SETTLE_LIMIT_MS))))]);
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    for (const job of this.jobs.values()) if (job.state !== "DONE") this.#cancel(job);
    await Promise.all([...this.jobs.values()].map((j) => j.run));
    await new Promise((resolve) => this.#server.close(resolve));
    this.#admin.closeSync();
    this.#duckdb.closeSync();
  }

  /** BigQuery SQL as DuckDB statements, and the tables it reads (see {@link bigqueryToDuckDB}). */
  toDuckDB(sql: string, params: readonly QueryParam[] = []): Promise<{ statements: string[]; tables: string[] }> {
    return bigqueryToDuckDB(sql, params);
  }

  async #bytesOf(sql: string, tables: readonly string[], dryRun: boolean): Promise<number> {
    const set = this.estimate?.(sql, { dryRun });
    if (set !== undefined) return set;
    let bytes = 0;
    for (const table of new Set(tables)) {
      if (!(await this.hasTable(table))) continue;
      const [size] = await this.rows(`select count(*) * (select count(*) from duckdb_columns() where table_name = ${quoteText(table)}) * 8 as bytes from ${quoteId(table)}`);
      bytes += Number(size?.bytes ?? 0);
    }
    return bytes;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = text === "" ? undefined : (JSON.parse(text) as Record<string, any>);
    const url = new URL(req.url ?? "/", "http://fake");
    this.requests.push({ method: req.method ?? "GET", path: `${url.pathname}${url.search}`, body });
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    const fail = (status: number, reason: string, message: string) => send(status, { error: { code: status, message, errors: [{ reason, message, domain: "global" }], status: reason } });
    try {
      const path = url.pathname.replace(/^\/bigquery\/v2/, "");
      let m: RegExpExecArray | null;
      if (req.method === "POST" && (m = /^\/projects\/([^/]+)\/jobs$/.exec(path))) return await this.#insert(m[1] as string, body ?? {}, send, fail);
      if (req.method === "GET" && (m = /^\/projects\/([^/]+)\/jobs\/([^/]+)$/.exec(path))) {
        const job = this.jobs.get(decodeURIComponent(m[2] as string));
        return job === undefined ? fail(404, "notFound", `Not found: Job ${m[1]}:${decodeURIComponent(m[2] as string)}`) : send(200, this.#resource(job));
      }
      if (req.method === "POST" && (m = /^\/projects\/([^/]+)\/jobs\/([^/]+)\/cancel$/.exec(path))) {
        const job = this.jobs.get(decodeURIComponent(m[2] as string));
        if (job === undefined) return fail(404, "notFound", `Not found: Job ${m[1]}:${m[2]}`);
        const running = job.state === "RUNNING";
        this.#cancel(job);
        if (running) await job.run;
        return send(200, { kind: "bigquery#jobCancelResponse", job: this.#resource(job) });
      }
      if (req.method === "PATCH" && (m = /^\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(path))) {
        const table = `${m[1]}.${m[2]}.${decodeURIComponent(m[3] as string)}`;
        if (!(await this.hasTable(table))) return fail(404, "notFound", `Not found: Table ${table}`);
        if (body?.expirationTime !== undefined) this.expirations.set(table, Number(body.expirationTime));
        return send(200, { kind: "bigquery#table", tableReference: { projectId: m[1], datasetId: m[2], tableId: decodeURIComponent(m[3] as string) }, ...body });
      }
      if (req.method === "GET" && (m = /^\/projects\/([^/]+)\/queries\/([^/]+)$/.exec(path))) {
        const job = this.jobs.get(decodeURIComponent(m[2] as string));
        if (job === undefined) return fail(404, "notFound", `Not found: Job ${m[1]}:${m[2]}`);
        return send(200, await this.#results(job, Number(url.searchParams.get("maxResults") ?? 1000)));
      }
      fail(404, "notFound", `The fake BigQuery does not serve ${req.method} ${url.pathname}`);
    } catch (error) {
      fail(500, "internalError", error instanceof Error ? error.message : String(error));
    }
  }

  #resource(job: FakeJob): Record<string, any> {
    return {
      ...job.resource,
      status: { state: job.state, ...(job.error === undefined ? {} : { errorResult: job.error, errors: [job.error] }) },
      statistics: { creationTime: "0", totalBytesProcessed: String(job.bytes), query: { totalBytesProcessed: String(job.bytes) } },
    };
  }

  async #insert(project: string, body: Record<string, any>, send: (s: number, j: unknown) => void, fail: (s: number, r: string, m: string) => void): Promise<void> {
    const configuration = body.configuration ?? {};
    const reference = { projectId: project, location: body.jobReference?.location ?? "US", jobId: body.jobReference?.jobId as string };
    if (configuration.dryRun === true) {
      const query = configuration.query ?? {};
      let translated: { statements: string[]; tables: string[] };
      let fields: unknown[] = [];
      try {
        translated = await this.toDuckDB(query.query ?? "", query.queryParameters ?? []);
        const last = translated.statements[translated.statements.length - 1] ?? "";
        if (translated.statements.length === 1 && /^\s*(select|with)\b/i.test(last)) {
          const described = await this.rows(`describe ${last}`);
          fields = described.map((c) => ({ name: c.column_name, ...bigqueryType(String(c.column_type)) }));
        }
      } catch (error) {
        return fail(400, "invalidQuery", error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error));
      }
      const bytes = await this.#bytesOf(query.query ?? "", translated.tables, true);
      return send(200, { kind: "bigquery#job", jobReference: { projectId: project, location: reference.location }, configuration, status: { state: "DONE" }, statistics: { totalBytesProcessed: String(bytes), query: { totalBytesProcessed: String(bytes), schema: { fields } } } });
    }
    if (this.jobs.has(reference.jobId)) return fail(409, "duplicate", `Already Exists: Job ${project}:${reference.location}.${reference.jobId}`);
    const job: FakeJob = { id: reference.jobId, resource: { kind: "bigquery#job", id: `${project}:${reference.location}.${reference.jobId}`, jobReference: reference, configuration }, state: "PENDING", bytes: 0, cancelled: false };
    this.jobs.set(job.id, job);
    job.run = this.#queue = this.#queue.then(() => this.#run(job));
    send(200, this.#resource(job));
  }

  async #run(job: FakeJob): Promise<void> {
    if (job.state === "DONE") return;
    job.state = "RUNNING";
    const configuration = job.resource.configuration;
    try {
      job.connection = await this.#duckdb.connect();
      if (configuration.copy !== undefined) await this.#copy(job.connection, configuration.copy);
      else if (configuration.load !== undefined) await this.#load(job.connection, configuration.load);
      else {
        const query = configuration.query ?? {};
        const { statements, tables } = await this.toDuckDB(query.query ?? "", query.queryParameters ?? []);
        job.bytes = await this.#bytesOf(query.query ?? "", tables, false);
        const limit = query.maximumBytesBilled === undefined ? undefined : Number(query.maximumBytesBilled);
        if (limit !== undefined && job.bytes > limit) {
          job.error = { reason: "bytesBilledLimitExceeded", message: `Query exceeded limit for bytes billed: ${limit}. ${job.bytes} or higher required.` };
        } else if (query.destinationTable !== undefined) {
          const target = tableName(query.destinationTable);
          await job.connection.run(`create or replace table ${quoteId(target)} as ${statements.join(";\n")}`);
          this.writes.set(target, (this.writes.get(target) ?? 0) + 1);
          job.result = target;
        } else if (statements.length === 1 && /^\s*(select|with)\b/i.test(statements[0] as string)) {
          job.result = `_lf_anonymous_${++this.#anonymous}`;
          await job.connection.run(`create table ${quoteId(job.result)} as ${statements[0]}`);
        } else {
          for (const statement of statements) await job.connection.run(statement);
        }
      }
    } catch (error) {
      if (!job.cancelled) job.error = { reason: "invalidQuery", message: error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error) };
    } finally {
      job.connection?.closeSync();
      job.connection = undefined;
      if (job.cancelled) job.error = { reason: "stopped", message: "Job execution was cancelled: User requested cancellation" };
      job.state = "DONE";
    }
  }

  /** A copy job: the source replaces the destination, or the partition its decorator names (its `dt` rows). */
  async #copy(connection: DuckDBConnection, copy: Record<string, any>): Promise<void> {
    const source = tableName(copy.sourceTable);
    const [tableId = "", decorator] = String(copy.destinationTable.tableId).split("$");
    const target = tableName({ ...copy.destinationTable, tableId });
    if (!(await this.hasTable(target))) {
      if (copy.createDisposition === "CREATE_NEVER") throw new Error(`Not found: Table ${target}`);
      await connection.run(`create table ${quoteId(target)} as select * from ${quoteId(source)} limit 0`);
    }
    if (decorator === undefined) {
      await connection.run(`create or replace table ${quoteId(target)} as select * from ${quoteId(source)}`);
    } else {
      const [outside] = (await (await connection.runAndReadAll(`select count(*) as n from ${quoteId(source)} where strftime(dt, '%Y%m%d%H') not like ${quoteText(`${decorator}%`)}`)).getRowObjectsJson()) as { n: string }[];
      if (Number(outside?.n) > 0) throw new Error(`Some rows belong to different partitions rather than destination partition ${decorator}`);
      await connection.run(`begin transaction; delete from ${quoteId(target)} where strftime(dt, '%Y%m%d%H') like ${quoteText(`${decorator}%`)}; insert into ${quoteId(target)} select * from ${quoteId(source)}; commit`);
    }
    this.writes.set(target, (this.writes.get(target) ?? 0) + 1);
  }

  /** A load job of Parquet files: WRITE_TRUNCATE replaces the table, or the partition its decorator names; `dt` from the files' `dt=` folders under custom Hive partitioning. */
  async #load(connection: DuckDBConnection, load: Record<string, any>): Promise<void> {
    if (load.sourceFormat !== "PARQUET") throw new Error(`The fake BigQuery loads PARQUET only, not ${load.sourceFormat}`);
    const hive = load.hivePartitioningOptions?.sourceUriPrefix as string | undefined;
    const selects = (load.sourceUris as string[]).map((uri) => {
      const file = this.#files?.(uri);
      if (file === undefined) throw new Error(`Not found: URI ${uri}`);
      if (hive === undefined) return `select * from read_parquet(${quoteText(file)})`;
      const base = hive.slice(0, hive.indexOf("{"));
      const dt = /^dt=([^/]+)\//.exec(uri.startsWith(base) ? uri.slice(base.length) : "")?.[1];
      if (dt === undefined) throw new Error(`URI ${uri} does not follow the Hive layout of ${hive}`);
      return `select *, cast(${quoteText(dt)} as date) as dt from read_parquet(${quoteText(file)})`;
    });
    const [tableId = "", decorator] = String(load.destinationTable.tableId).split("$");
    const target = tableName({ ...load.destinationTable, tableId });
    if (!(await this.hasTable(target))) throw new Error(`Not found: Table ${target}`);
    if (load.writeDisposition !== "WRITE_TRUNCATE") throw new Error("The fake BigQuery loads with WRITE_TRUNCATE only");
    const rows = selects.join(" union all by name ");
    if (decorator === undefined) {
      await connection.run(`begin transaction; delete from ${quoteId(target)}; insert into ${quoteId(target)} by name ${rows}; commit`);
    } else {
      const [outside] = (await (await connection.runAndReadAll(`select count(*) as n from (${rows}) where strftime(dt, '%Y%m%d%H') not like ${quoteText(`${decorator}%`)}`)).getRowObjectsJson()) as { n: string }[];
      if (Number(outside?.n) > 0) throw new Error(`Some rows belong to different partitions rather than destination partition ${decorator}`);
      await connection.run(`begin transaction; delete from ${quoteId(target)} where strftime(dt, '%Y%m%d%H') like ${quoteText(`${decorator}%`)}; insert into ${quoteId(target)} by name ${rows}; commit`);
    }
    this.writes.set(target, (this.writes.get(target) ?? 0) + 1);
  }

  async #results(job: FakeJob, maxResults: number): Promise<Record<string, unknown>> {
    const reference = job.resource.jobReference;
    if (job.state !== "DONE") return { kind: "bigquery#getQueryResultsResponse", jobReference: reference, jobComplete: false };
    if (job.error !== undefined || job.result === undefined) return { kind: "bigquery#getQueryResultsResponse", jobReference: reference, jobComplete: true, totalRows: "0", schema: { fields: [] } };
    const [count] = await this.rows(`select count(*) as n from ${quoteId(job.result)}`);
    const reader = await this.#admin.runAndReadAll(`select * from ${quoteId(job.result)} limit ${maxResults}`);
    const names = reader.columnNames();
    const types = reader.columnTypes().map((t) => t.toString());
    const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
    return {
      kind: "bigquery#getQueryResultsResponse",
      jobReference: reference,
      jobComplete: true,
      totalRows: String(count?.n ?? 0),
      schema: { fields: names.map((name, i) => ({ name, ...bigqueryType(types[i] ?? "VARCHAR") })) },
      ...(maxResults > 0 ? { rows: rows.map((row) => ({ f: names.map((name) => ({ v: cell(row[name]) })) })) } : {}),
    };
  }

  #cancel(job: FakeJob): void {
    if (job.state === "DONE") return;
    job.cancelled = true;
    if (job.state === "PENDING") {
      job.state = "DONE";
      job.error = { reason: "stopped", message: "Job execution was cancelled: User requested cancellation" };
      return;
    }
    // An interrupt before the statement starts is lost: repeat it until the job has stopped.
    const interrupt = () => job.connection?.interrupt();
    interrupt();
    const again = setInterval(interrupt, 20);
    void job.run?.finally(() => clearInterval(again));
  }
}
