import { readFile, stat } from "node:fs/promises";
import { LakeformError } from "../../errors.ts";
import type { ColumnSpec } from "../../model/column.ts";
import type { FileDropSpec } from "../../model/file-drop.ts";
import type { SqlValue } from "../../model/sql-template.ts";
import { hmacPads } from "../../pii/hmac-pads.ts";
import { duckdbDialect } from "../../sql/dialects.ts";
import type { LandingFile, MaterializeRequest, MaterializeResult } from "../engine.ts";
import { publishedColumns } from "../published-columns.ts";
import { duckdbReason } from "./duckdb-errors.ts";
import type { DuckDBSession } from "./duckdb-session.ts";
import { landingColumns, landingReader } from "./landing-readers.ts";
import { piiTreatmentSql } from "./pii-sql.ts";
import { relationSql } from "./relations.ts";
import { identifier, stringLiteral } from "./sql-literals.ts";

const MAX_REPORTED_LINES = 5;

/** What one landing file contributes: its SELECT and its drift. */
interface FileScan {
  readonly select: string;
  readonly rejects: string | undefined;
  readonly file: LandingFile;
  readonly missing: string[];
  readonly unexpected: string[];
}

function ingestError(asset: string, file: string, what: string, fix: string): LakeformError {
  return new LakeformError(`Asset "${asset}": landing file ${file}: ${what}. Fix: ${fix}; nothing was ingested.`);
}

/** Finds the first line of a JSON-lines file that is not a JSON object, for a precise message. */
async function firstMalformedJsonLine(path: string): Promise<{ line: number; text: string; reason: string } | undefined> {
  const lines = (await readFile(path, "utf8")).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? "";
    if (text.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) return { line: i + 1, text, reason: "the line is not a JSON object" };
    } catch (error) {
      return { line: i + 1, text, reason: (error as Error).message };
    }
  }
  return undefined;
}

async function scanFile(session: DuckDBSession, request: MaterializeRequest, from: FileDropSpec, file: LandingFile, index: number, pads: { ipad: string; opad: string }): Promise<FileScan> {
  const node = request.node;
  if ((await stat(file.path)).size === 0) throw ingestError(node.key, file.relativePath, "the file is empty (0 bytes)", "re-export it, or remove it from the landing directory");
  let actual: string[];
  try {
    actual = await landingColumns(session, from, file.path);
  } catch (error) {
    const malformed = from.format === "jsonl" ? await firstMalformedJsonLine(file.path) : undefined;
    if (malformed !== undefined) throw ingestError(node.key, file.relativePath, `line ${malformed.line} is not valid JSON (${malformed.reason}): ${malformed.text.slice(0, 120)}`, "fix or remove that line");
    throw ingestError(node.key, file.relativePath, `it cannot be read as ${from.format}: ${duckdbReason(error)}`, `drop files of format ${from.format} matching ${from.pattern}`);
  }
  const declared = Object.entries(node.columns);
  const missing = declared.filter(([name, c]) => !actual.includes(name) && c.pii?.treatment !== "drop").map(([name]) => name);
  const required = missing.filter((name) => node.columns[name]?.nullable === false);
  if (required.length > 0) {
    throw ingestError(node.key, file.relativePath, `required column ${required.map((n) => `"${n}"`).join(", ")} is missing (the file has ${actual.join(", ")})`, `add ${required.length === 1 ? "it" : "them"} to the export, or declare ${required.length === 1 ? "it" : "them"} .nullable()`);
  }
  const present = declared.filter(([name]) => actual.includes(name)) as [string, ColumnSpec][];
  const rejects = from.format === "csv" ? `lf_rejects_${index}` : undefined;
  const columns = publishedColumns(node.columns).map(([name, c]) => {
    if (!actual.includes(name)) return `cast(null as ${duckdbDialect.columnType(c.type)}) as ${identifier(name)}`;
    const value = `src.${identifier(name)}`;
    return `${c.pii === undefined ? value : piiTreatmentSql(`cast(${value} as VARCHAR)`, c.pii, pads)} as ${identifier(name)}`;
  });
  columns.push(
    `cast(${stringLiteral(file.loadedAt.toISOString())} as TIMESTAMPTZ) as _loaded_at`,
    `${stringLiteral(file.relativePath)} as _source_file`,
    `${stringLiteral(file.batchId)} as _batch_id`,
  );
  const select = `select ${columns.join(", ")} from ${landingReader(from, file.path, present, rejects ?? "", actual)} as src`;
  return { select, rejects, file, missing, unexpected: actual.filter((name) => !(name in node.columns)) };
}

async function reportRejects(session: DuckDBSession, asset: string, scans: readonly FileScan[]): Promise<void> {
  const problems: string[] = [];
  for (const scan of scans) {
    if (scan.rejects === undefined) continue;
    const rows = await session.all(`select line, column_name, error_type, csv_line, error_message from ${identifier(scan.rejects)} order by line limit ${MAX_REPORTED_LINES}`);
    for (const row of rows) {
      const column = row.column_name === null ? "" : `, column "${String(row.column_name)}"`;
      problems.push(`${scan.file.relativePath} line ${String(row.line)}${column}: ${String(row.error_message)} — ${String(row.csv_line).slice(0, 120)}`);
    }
  }
  if (problems.length > 0) {
    throw new LakeformError(`Asset "${asset}": ${problems.length === 1 ? "a landing line does" : "landing lines do"} not match the declared schema:\n${problems.map((p) => `  - ${p}`).join("\n")}\nFix: correct or remove ${problems.length === 1 ? "that line" : "those lines"} (or fix the declared types); nothing was ingested.`);
  }
}

/**
 * Lands files into the raw tier with the declared schema enforced: a bad line is an error naming
 * the file and line; columns missing or added (schema drift) are reported as drift; PII is hashed
 * (HMAC-SHA256) or masked in SQL as it is read, so clear text never lands; every row gets
 * `_loaded_at`, `_source_file` and `_batch_id`.
 */
export async function materializeSource(session: DuckDBSession, request: MaterializeRequest, from: FileDropSpec): Promise<MaterializeResult> {
  const node = request.node;
  const landing = request.landing ?? { files: [], piiKey: undefined };
  const hashed = Object.entries(node.columns).filter(([, c]) => c.pii?.treatment === "hash").map(([name]) => name);
  if (hashed.length > 0 && landing.piiKey === undefined) {
    throw new LakeformError(
      `Asset "${node.key}": ${hashed.map((n) => `"${n}"`).join(", ")} ${hashed.length === 1 ? "is" : "are"} PII to hash, but LAKEFORM_PII_KEY is not set. Fix: set LAKEFORM_PII_KEY to a secret of at least 16 characters (the same wherever hashed values must join); nothing was ingested.`,
    );
  }
  if (landing.piiKey !== undefined && landing.piiKey.length < 16) {
    throw new LakeformError(`Asset "${node.key}": LAKEFORM_PII_KEY is shorter than 16 characters. Fix: use a longer secret; nothing was ingested.`);
  }
  const padsKey = hmacPads(landing.piiKey ?? Buffer.alloc(0));
  const params: SqlValue[] = hashed.length > 0 ? [padsKey.ipad, padsKey.opad] : [];
  const pads = { ipad: "$1", opad: "$2" };
  const scans: FileScan[] = [];
  for (const [index, file] of landing.files.entries()) scans.push(await scanFile(session, request, from, file, index, pads));

  const window = request.window;
  const column = node.partitions?.kind === "time" ? node.partitions.column : undefined;
  const filter = column !== undefined && window !== undefined ? ` where ${identifier(column)} >= $${params.length + 1} and ${identifier(column)} < $${params.length + 2}` : "";
  if (filter !== "" && window !== undefined) params.push(window.start, window.end);
  const empty = relationSql({ key: node.key, files: [], columns: node.columns, hasLoadMetadata: true });
  const union = scans.length === 0 ? `select * from ${empty}` : scans.map((s) => s.select).join("\nunion all by name\n");
  let rows: number;
  try {
    rows = await session.run(`COPY (select * from (${union}) as landed${filter}) TO ${stringLiteral(request.outputPath)} (FORMAT parquet, COMPRESSION zstd)`, params);
  } catch (error) {
    const failing = await locateFailingFile(node.key, scans, error);
    throw failing ?? new LakeformError(`Asset "${node.key}": landing files could not be read: ${duckdbReason(error)}. Fix: check the files against the declared columns; nothing was ingested.`);
  }
  await reportRejects(session, node.key, scans);
  const unique = (lists: string[][]) => [...new Set(lists.flat())].sort();
  return { rows, drift: { missing: unique(scans.map((s) => s.missing)), unexpected: unique(scans.map((s) => s.unexpected)) } };
}

/** The first line of a file containing `needle`, 1-based. */
async function lineContaining(path: string, needle: string): Promise<number | undefined> {
  const index = (await readFile(path, "utf8")).split("\n").findIndex((line) => line.includes(needle));
  return index < 0 ? undefined : index + 1;
}

/**
 * For JSON and Parquet errors, which file and (for JSON) which line failed. DuckDB's JSON line
 * numbers count from its read buffer, so the line is found by the offending value instead.
 */
async function locateFailingFile(asset: string, scans: readonly FileScan[], error: unknown): Promise<LakeformError | undefined> {
  const message = error instanceof Error ? error.message : String(error);
  const scan = scans.find((s) => message.includes(s.file.path)) ?? (scans.length === 1 ? scans[0] : undefined);
  if (scan === undefined) return undefined;
  const value = /: "((?:[^"\\]|\\.)*)"/.exec(message)?.[1];
  const line = value === undefined ? undefined : await lineContaining(scan.file.path, JSON.stringify(value));
  const reason = duckdbReason(error).replace(/ in file "[^"]*"/, "").replace(/,? in line \d+/, "").replace(/^Invalid Input Error: /, "");
  return ingestError(asset, `${scan.file.relativePath}${line === undefined ? "" : ` line ${line}`}`, reason, "correct the value, or the declared type");
}
