import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import { parseSparkStatement, splitSparkScript, type SparkStatement } from "./spark-script.ts";
import { sparkQueryToDuckDB } from "./spark-to-duckdb.ts";

/** What running one step's script needs: a fresh DuckDB connection (the step's Spark session), where `s3://` lives, and whether it was cancelled. */
export interface StepSession {
  readonly connection: DuckDBConnection;
  readonly pathOf: (uri: string) => string;
  readonly cancelled: () => boolean;
}

/** Thrown when a cancellation stopped the step between statements or interrupted one. */
export class StepCancelled extends Error {
  override name = "StepCancelled";
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Spark's JSON writer drops null fields unless `ignoreNullFields` is `false`. */
async function dropNullFields(path: string): Promise<void> {
  const lines = (await readFile(path, "utf8")).split("\n").filter((l) => l.trim() !== "");
  const kept = lines.map((line) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(line) as Record<string, unknown>).filter(([, v]) => v !== null))));
  await writeFile(path, kept.map((l) => `${l}\n`).join(""));
}

/**
 * `INSERT OVERWRITE DIRECTORY`: the rows written into a scratch folder beside the target, which
 * then replaces the target whole (as Spark's commit protocol does), so an interrupted statement
 * leaves nothing at the target: Parquet as one `part-00000.parquet`, JSON as JSON lines in a
 * `part-00000-….json` with `_SUCCESS`.
 */
async function insertOverwriteDirectory(session: StepSession, statement: Extract<SparkStatement, { kind: "insertDirectory" }>, query: string): Promise<void> {
  const target = session.pathOf(statement.uri.endsWith("/") ? statement.uri : `${statement.uri}/`).replace(/\/$/, "");
  const scratch = `${target}.__lf_scratch_${randomUUID().slice(0, 8)}`;
  await mkdir(scratch, { recursive: true });
  try {
    if (statement.format === "parquet") {
      await session.connection.run(`COPY (${query}) TO ${quote(`${scratch}/part-00000.parquet`)} (FORMAT parquet)`);
    } else {
      const part = `${scratch}/part-00000-${randomUUID()}-c000.json`;
      await session.connection.run(`COPY (${query}) TO ${quote(part)} (FORMAT json)`);
      if (statement.options.ignoreNullFields?.toLowerCase() !== "false") await dropNullFields(part);
      await writeFile(`${scratch}/_SUCCESS`, "");
    }
    await rm(target, { recursive: true, force: true });
    await rename(scratch, target);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs a `spark-sql -f` script on DuckDB, statement after statement, as a Spark session would:
 * `SET`s of the session time zone and ANSI mode honoured, temporary views and cached tables,
 * queries transpiled from Spark SQL by polyglot, `INSERT OVERWRITE DIRECTORY` into local folders
 * standing for S3. The first failing statement fails the step with its error.
 * @throws StepCancelled when cancelled; the failing statement's error otherwise
 */
export async function runSparkScript(script: string, session: StepSession): Promise<void> {
  const { connection } = session;
  // EMR clusters run in UTC until the script says otherwise.
  await connection.run("SET TimeZone = 'UTC'");
  let ansi = false;
  for (const text of splitSparkScript(script)) {
    if (session.cancelled()) throw new StepCancelled("the step was cancelled");
    const statement = parseSparkStatement(text);
    const query = (select: string) => sparkQueryToDuckDB(select, { pathOf: session.pathOf, ansi });
    try {
      switch (statement.kind) {
        case "set":
          if (statement.key === "spark.sql.session.timeZone") await connection.run(`SET TimeZone = ${quote(statement.value)}`);
          if (statement.key === "spark.sql.ansi.enabled") ansi = statement.value.toLowerCase() === "true";
          break;
        case "view":
          await connection.run(`CREATE OR REPLACE TEMP VIEW ${identifier(statement.name)} AS ${await query(statement.select)}`);
          break;
        case "cache":
          await connection.run(`CREATE OR REPLACE TEMP TABLE ${identifier(statement.name)} AS ${await query(statement.select)}`);
          break;
        case "uncache":
          await connection.run(`DROP TABLE IF EXISTS ${identifier(statement.name)}`);
          break;
        case "insertDirectory":
          await insertOverwriteDirectory(session, statement, await query(statement.select));
          break;
        case "unsupported":
          throw new Error(`the fake Spark cluster does not run this statement: ${statement.text.slice(0, 80)}`);
      }
    } catch (error) {
      if (session.cancelled()) throw new StepCancelled("the step was cancelled");
      throw error;
    }
  }
}
