import { readFile, stat } from "node:fs/promises";
import { delimiterName, likelyDelimiter } from "../../sources/file-drop/delimiter-guess.ts";
import { countLandedRecords } from "../../sources/file-drop/record-count.ts";
import { echoedFieldNames, echoedJsonReason, echoedRecord, recordEcho, WITHHELD, type RecordEcho } from "../../sources/file-drop/record-echo.ts";
import { LakeformError } from "../../core/errors.ts";
import type { FileDropSpec } from "../../core/declare/file-drop.ts";
import type { SqlValue } from "../../core/declare/sql-template.ts";
import { hmacPads } from "../../core/pii/hmac-pads.ts";
import { piiKeyProblem } from "../../core/pii/pii-key.ts";
import type { LandingFile } from "../../sources/file-drop/landing-file.ts";
import type { LandingLoadRequest, LandingLoadResult } from "../../sources/file-drop/landing-loader.ts";
import { localPathFor } from "./local-files.ts";
import { duckdbReason } from "./duckdb-errors.ts";
import type { DuckDBSession } from "./duckdb-session.ts";
import { landingSelect, planLanding, type LandingPlan } from "./landing-plan.ts";
import { firstLine, landedFields, landingReader, type LandedField } from "./landing-readers.ts";
import { accountingProblem, MAX_REPORTED, rejectedLines, rejectsTableName, validateLanding, type LandingProblem } from "./landing-validation.ts";
import { partitionColumnInstant } from "./partition-time-zone.ts";
import { relationSql } from "./relations.ts";
import { diskFullError } from "../../storage/disk-full.ts";
import { identifier, stringLiteral } from "./sql-literals.ts";

function ingestError(asset: string, file: string, what: string, fix: string): LakeformError {
  return new LakeformError(`Asset "${asset}": landing file ${file}: ${what}. Fix: ${fix}; nothing was ingested.`);
}

/** Where a JSON file stops being valid JSON, for a precise message. */
async function firstMalformedJson(path: string, format: "jsonl" | "json"): Promise<{ line: number; text: string; reason: string } | undefined> {
  const text = await readFile(path, "utf8");
  if (format === "json") {
    try {
      const value: unknown = JSON.parse(text);
      if (!Array.isArray(value)) return { line: 1, text: text.slice(0, 120), reason: "the file is not a JSON array" };
      const index = value.findIndex((v) => v === null || typeof v !== "object" || Array.isArray(v));
      return index < 0 ? undefined : { line: 1, text: JSON.stringify(value[index]).slice(0, 120), reason: `element ${index + 1} is not a JSON object` };
    } catch (error) {
      const position = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0);
      const line = text.slice(0, position).split("\n").length;
      return { line, text: text.split("\n")[line - 1] ?? "", reason: (error as Error).message };
    }
  }
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value === null || typeof value !== "object" || Array.isArray(value)) return { line: i + 1, text: line, reason: "the line is not a JSON object" };
    } catch (error) {
      return { line: i + 1, text: line, reason: (error as Error).message };
    }
  }
  return undefined;
}

/** The fields of a landing file, or the error saying why it cannot be read as its format (quoting a record as `echo` allows). */
async function readableFields(session: DuckDBSession, asset: string, from: FileDropSpec, file: LandingFile, echo: RecordEcho): Promise<LandedField[]> {
  if ((await stat(file.path)).size === 0) throw ingestError(asset, file.relativePath, "the file is empty (0 bytes)", "re-export it, or remove it from the landing directory");
  try {
    return await landedFields(session, from, file.path);
  } catch (error) {
    const malformed = from.format === "jsonl" || from.format === "json" ? await firstMalformedJson(file.path, from.format) : undefined;
    if (malformed !== undefined) {
      const shown = echoedRecord(echo, malformed.text);
      throw ingestError(asset, file.relativePath, `line ${malformed.line} is not valid JSON (${echoedJsonReason(echo, malformed.reason)})${shown === undefined ? ` (${WITHHELD})` : `: ${shown}`}`, "fix or remove that line");
    }
    throw ingestError(asset, file.relativePath, `it cannot be read as ${from.format}: ${duckdbReason(error)}`, `drop files of format ${from.format} matching ${from.pattern}`);
  }
}

/** Plans one file, refusing it when a required column is missing (or the delimiter is wrong). */
async function planFile(session: DuckDBSession, request: LandingLoadRequest, from: FileDropSpec, file: LandingFile, pads: { ipad: string; opad: string }): Promise<LandingPlan> {
  const node = request.node;
  const key = request.piiKey;
  const fields = await readableFields(session, node.key, from, file, recordEcho(from, [], node.columns, key));
  const plan = planLanding(from, file, fields, node.columns, pads);
  const required = plan.missing.filter((name) => node.columns[name]?.nullable === false);
  if (required.length === 0) return plan;
  const declared = from.delimiter ?? ",";
  const guess = from.format === "csv" ? likelyDelimiter(await firstLine(file.path), declared) : undefined;
  if (guess !== undefined) {
    throw ingestError(node.key, file.relativePath, `the file looks ${delimiterName(guess)}-delimited, not ${delimiterName(declared)}-delimited (its header does not split on ${delimiterName(declared)})`, `declare fileDrop({ ..., delimiter: ${JSON.stringify(guess)} }), or re-export the file with ${delimiterName(declared)}`);
  }
  const them = required.length === 1 ? "it" : "them";
  throw ingestError(node.key, file.relativePath, `required column ${required.map((n) => `"${n}"`).join(", ")} is missing (the file has ${echoedFieldNames(recordEcho(from, fields.map((f) => f.name), node.columns, key))})`, `add ${them} to the export${from.rename === undefined ? "" : " (or map the landed name with rename)"}, or declare ${them} .nullable()`);
}

async function dropRejects(session: DuckDBSession, tables: readonly (string | undefined)[]): Promise<void> {
  for (const table of tables) if (table !== undefined) await session.run(`drop table if exists ${identifier(table)}; drop table if exists ${identifier(`${table}_scan`)}`);
}

/** After the publishing scan failed: each file validated on its own, for a precise report (or undefined). */
async function explainedFailure(session: DuckDBSession, asset: string, from: FileDropSpec, plans: readonly LandingPlan[], echoOf: (plan: LandingPlan) => RecordEcho): Promise<LakeformError | undefined> {
  const problems: LandingProblem[] = [];
  let more = 0;
  for (const plan of plans) {
    try {
      const found = await validateLanding(session, from, plan, echoOf(plan));
      problems.push(...found.problems);
      more += found.more;
    } catch (error) {
      return ingestError(asset, plan.file.relativePath, `it cannot be read as ${from.format}: ${duckdbReason(error)}`, "check the file against the declared columns");
    }
  }
  return problems.length === 0 ? undefined : problemsError(asset, problems, more);
}

/** One error listing the first problems of every file, then the fix. */
function problemsError(asset: string, problems: readonly LandingProblem[], more: number): LakeformError {
  const [only] = problems;
  if (only !== undefined && problems.length === 1 && more === 0) return new LakeformError(`Asset "${asset}": landing file ${only.where}: ${only.what}. Fix: ${only.fix}; nothing was ingested.`);
  const listed = problems.slice(0, MAX_REPORTED);
  const hidden = more + problems.length - listed.length;
  const lines = listed.map((p) => `  - ${p.where}: ${p.what} (fix: ${p.fix})`);
  if (hidden > 0) lines.push(`  - and ${hidden} more`);
  return new LakeformError(`Asset "${asset}": landing files do not match the declared schema:\n${lines.join("\n")}\nFix: correct those lines or values as suggested, then rerun; nothing was ingested.`);
}

/**
 * Lands files into the raw tier with the declared schema enforced, in one scan: fields are read
 * without conversion, then cast to the declared types with guards, so a value that does not
 * convert *exactly* fails the load; every record is accounted for (rows read + lines rejected =
 * records counted independently of DuckDB). On failure each file is validated on its own and
 * the error names the file, line, column and value; nothing is published.
 * Columns missing or added are schema drift; PII is hashed (HMAC-SHA256) or masked in SQL as it
 * is read, so clear text never lands; every row gets `_loaded_at`, `_source_file` and `_batch_id`.
 */
export async function loadLanding(session: DuckDBSession, request: LandingLoadRequest, from: FileDropSpec): Promise<LandingLoadResult> {
  const node = request.node;
  const outputPath = localPathFor(request.output, node.key);
  const hashed = Object.entries(node.columns).filter(([, c]) => c.pii?.treatment === "hash").map(([name]) => name);
  if (hashed.length > 0 && request.piiKey === undefined) {
    throw new LakeformError(
      `Asset "${node.key}": ${hashed.map((n) => `"${n}"`).join(", ")} ${hashed.length === 1 ? "is" : "are"} PII to hash, but LAKEFORM_PII_KEY is not set. Fix: set LAKEFORM_PII_KEY to a secret of at least 16 characters (the same wherever hashed values must join); nothing was ingested.`,
    );
  }
  const keyProblem = request.piiKey === undefined ? undefined : piiKeyProblem(request.piiKey);
  if (keyProblem !== undefined) throw new LakeformError(`Asset "${node.key}": ${keyProblem[0]}. Fix: ${keyProblem[1]}; nothing was ingested.`);
  // The pads are bound only when a landed file's SQL hashes with them (no file: no placeholder).
  const padsKey = hmacPads(request.piiKey ?? Buffer.alloc(0));
  const params: SqlValue[] = hashed.length > 0 && request.files.length > 0 ? [padsKey.ipad, padsKey.opad] : [];
  const pads = { ipad: "$1", opad: "$2" };
  const plans: LandingPlan[] = [];
  for (const file of request.files) plans.push(await planFile(session, request, from, file, pads));
  // How a file's records may be quoted in errors; a CSV plan reads every header field, in order.
  const echoOf = (plan: LandingPlan) => recordEcho(from, from.format === "csv" ? [...plan.read.keys()] : [], node.columns, request.piiKey);

  // Records are counted apart from DuckDB while it reads, so a record it skipped is noticed.
  const records = Promise.all(plans.map((p) => countLandedRecords(p.file.path, from.format)));
  records.catch(() => undefined);
  const window = request.window;
  const partitions = node.partitions?.kind === "time" ? node.partitions : undefined;
  const column = partitions?.column;
  // A DATE partition column stands for its midnight in the partitions' time zone (see partitionColumnInstant).
  const instant = column === undefined || partitions === undefined ? "" : partitionColumnInstant(column, node.columns[column], partitions.timezone);
  const filter = column !== undefined && window !== undefined ? ` where ${instant} >= $${params.length + 1} and ${instant} < $${params.length + 2}` : "";
  if (filter !== "" && window !== undefined) params.push(window.start, window.end);
  const empty = relationSql({ key: node.key, files: [], columns: node.columns, hasLoadMetadata: true });
  const rejects = plans.map(() => (from.format === "csv" ? rejectsTableName() : undefined));
  const selects = plans.map((plan, i) => landingSelect(plan, node.columns, landingReader(from, plan.file.path, plan.read, rejects[i] === undefined ? {} : { rejects: rejects[i] })));
  const union = selects.length === 0 ? `select * from ${empty}` : selects.join("\nunion all by name\n");
  let rows: number;
  try {
    rows = await session.run(`COPY (select * from (${union}) as landed${filter}) TO ${stringLiteral(outputPath)} (FORMAT parquet, COMPRESSION zstd)`, params);
  } catch (error) {
    await dropRejects(session, rejects);
    // A full disk is no fault of the files: say so, without re-reading them to explain.
    throw diskFullError(node.key, error, outputPath) ?? (await explainedFailure(session, node.key, from, plans, echoOf)) ?? new LakeformError(`Asset "${node.key}": landing files could not be read: ${duckdbReason(error)}. Fix: check the files against the declared columns; nothing was ingested.`);
  }

  // Every landed record is published, filtered out by the partition, or rejected (an error).
  const problems: LandingProblem[] = [];
  let more = 0;
  const rejected: number[] = [];
  for (const [i, plan] of plans.entries()) {
    const table = rejects[i];
    const found = table === undefined ? { rejected: 0, problems: [], more: 0 } : await rejectedLines(session, table, plan.file.relativePath, echoOf(plan));
    rejected.push(found.rejected);
    problems.push(...found.problems);
    more += found.more;
  }
  if (problems.length > 0) throw problemsError(node.key, problems, more);
  const counted = await records;
  const sum = (values: readonly (number | undefined)[]) => values.reduce<number>((total, v) => total + (v ?? 0), 0);
  if (filter !== "" || rows + sum(rejected) !== sum(counted)) {
    for (const [i, plan] of plans.entries()) {
      if (counted[i] === undefined) continue;
      let read: number;
      try {
        read = Number((await session.all(`select count(*) as n from ${landingReader(from, plan.file.path, plan.read)}`))[0]?.n ?? 0);
      } catch (error) {
        throw ingestError(node.key, plan.file.relativePath, `it cannot be read as ${from.format}: ${duckdbReason(error)}`, "check the file against the declared columns");
      }
      const unaccounted = accountingProblem(plan.file.relativePath, counted[i], read, rejected[i] ?? 0);
      if (unaccounted !== undefined) problems.push(unaccounted);
    }
  }
  if (problems.length > 0) throw problemsError(node.key, problems, more);
  const unique = (lists: readonly (readonly string[])[]) => [...new Set(lists.flat())].sort();
  return { rows, drift: { missing: unique(plans.map((p) => p.missing)), unexpected: unique(plans.map((p) => p.unexpected)) } };
}
