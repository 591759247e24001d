import { rm } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { assertNever } from "../../core/assert-never.ts";
import { windowOf } from "../../core/partitions/time-window.ts";
import { duckdbDialect } from "../../core/sql/dialects.ts";
import type { AuditRequest, AuditResult, Engine, InputRelation, MaterializeRequest, MaterializeResult, QueryResult } from "../engine.ts";
import { auditStaged } from "./audit/audit-staged.ts";
import { DuckDBSession, type DuckDBSettings } from "./duckdb-session.ts";
import { materializeFn } from "./materialize-fn.ts";
import { materializeSource } from "./materialize-source.ts";
import { materializeSql } from "./materialize-sql.ts";
import { runSandboxedQuery, type SandboxSettings } from "./query-sandbox.ts";

/**
 * The embedded default engine: DuckDB in this process, over Parquet files. SQL assets stream
 * from Parquet to Parquet inside DuckDB; TypeScript functions stream typed rows; checks are
 * fused into one scan. Memory is capped by DuckDB's memory limit (it spills beyond it).
 */
export class DuckDBEngine implements Engine {
  readonly name = "duckdb";
  readonly dialect = duckdbDialect;

  private constructor(
    private readonly session: DuckDBSession,
    private readonly scratchDir: string,
    private readonly sandbox: SandboxSettings,
  ) {}

  static async create(settings: DuckDBSettings): Promise<DuckDBEngine> {
    const sandbox = { ...(settings.memoryLimit === undefined ? {} : { memoryLimit: settings.memoryLimit }), ...(settings.threads === undefined ? {} : { threads: settings.threads }) };
    return new DuckDBEngine(await DuckDBSession.open(settings), settings.tempDirectory, sandbox);
  }

  async materialize(request: MaterializeRequest): Promise<MaterializeResult> {
    const compute = request.node.compute;
    switch (compute.kind) {
      case "sql":
        return materializeSql(this.session, request, compute);
      case "ingest":
        return materializeSource(this.session, request, compute.from);
      case "fn":
        return materializeFn(this.session, request, compute, join(this.scratchDir, `fn-${randomUUID()}.jsonl`));
      case "spark":
        throw new Error(`Asset "${request.node.key}" is a Spark script and runs only on EMR, not on DuckDB`);
      default:
        return assertNever(compute);
    }
  }

  async audit(request: AuditRequest): Promise<AuditResult> {
    const partitions = request.node.partitions;
    const window = partitions?.kind === "time" && request.partition !== "" ? windowOf(partitions, request.partition) : undefined;
    return auditStaged(this.session, request, window);
  }

  /** Read-only SQL over views of the published assets, in a sandbox of its own (see {@link runSandboxedQuery}). */
  async query(sql: string, views: readonly InputRelation[]): Promise<QueryResult> {
    return runSandboxedQuery(sql, views, this.sandbox);
  }

  async close(): Promise<void> {
    this.session.close();
    await rm(join(this.scratchDir, "duckdb-spill"), { recursive: true, force: true });
  }
}
