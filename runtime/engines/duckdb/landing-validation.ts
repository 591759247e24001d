import { conversionProblem } from "../../sources/file-drop/conversion-problem.ts";
import { locatedKey, locateValues } from "../../sources/file-drop/locate-values.ts";
import { countLandedRecords } from "../../sources/file-drop/record-count.ts";
import { echoedRecord, WITHHELD, type RecordEcho } from "../../sources/file-drop/record-echo.ts";
import type { FileDropSpec } from "../../core/declare/file-drop.ts";
import { duckdbDialect } from "../../core/sql/dialects.ts";
import type { LandingPlan } from "./landing-plan.ts";
import { landingReader, MAX_CSV_LINE_BYTES } from "./landing-readers.ts";
import type { DuckDBSession } from "./duckdb-session.ts";
import { identifier } from "./sql-literals.ts";

/** How many problems a message lists before "and N more". */
export const MAX_REPORTED = 5;

/** One thing wrong with a landing file, worded for a person. */
export interface LandingProblem {
  /** Where: `orders/a.csv line 12, column "amount"`. */
  readonly where: string;
  /** What: `"31.9" does not fit BIGINT (it would be rounded)`. */
  readonly what: string;
  readonly fix: string;
}

/** What validating one landing file found. */
export interface LandingValidation {
  readonly problems: readonly LandingProblem[];
  /** Problems found beyond those listed. */
  readonly more: number;
}

/** Bad rows sampled to find the first ones by line (the scan itself is unordered). */
const SAMPLED = 50;

let rejectTables = 0;

const quoted = (value: string) => JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);

/**
 * The lines a CSV scan rejected (from its rejects table, then dropped), as problems, each line
 * quoted as `echo` allows (never a PII value in clear).
 */
export async function rejectedLines(session: DuckDBSession, table: string, name: string, echo: RecordEcho): Promise<{ rejected: number; problems: LandingProblem[]; more: number }> {
  const rejected = Number((await session.all(`select count(*) as n from ${identifier(table)}`))[0]?.n ?? 0);
  const lines = rejected === 0 ? [] : await session.all(`select line, column_name, error_message, csv_line from ${identifier(table)} order by line limit ${MAX_REPORTED}`);
  await session.run(`drop table if exists ${identifier(table)}; drop table if exists ${identifier(`${table}_scan`)}`);
  const problems = lines.map((r) => {
    const shown = echoedRecord(echo, String(r.csv_line));
    return {
      where: `${name} line ${String(r.line)}${r.column_name === null ? "" : `, column "${String(r.column_name)}"`}`,
      what: `${String(r.error_message).replace(/\.$/, "")}${shown === undefined ? ` (${WITHHELD})` : ` — ${shown}`}`,
      fix: "correct or remove that line",
    };
  });
  return { rejected, problems, more: rejected - lines.length };
}

/** The problem when rows read + lines rejected differ from the records a file holds, or undefined. */
export function accountingProblem(name: string, records: number | undefined, rows: number, rejected: number): LandingProblem | undefined {
  if (records === undefined || rows + rejected === records) return undefined;
  return {
    where: name,
    what: `the file holds ${records} records but ${rows} were read${rejected > 0 ? ` and ${rejected} rejected` : ""}, so ${Math.abs(records - rows - rejected)} ${records > rows + rejected ? "would be lost" : "cannot be accounted for"}`,
    fix: `check the file for a line longer than ${MAX_CSV_LINE_BYTES / 2 ** 20} MB or a stray quote, and re-export it`,
  };
}

/** A fresh name for a CSV scan's rejects table. */
export function rejectsTableName(): string {
  return `lf_rejects_${++rejectTables}`;
}

/**
 * Reads one landing file to explain why it cannot be published: checks that every record was
 * read (rows read + lines rejected = records in the file, counted independently), that no
 * CSV line was rejected, and that every landed value converts exactly to its declared type.
 * Returns the first problems found, with the line (or Parquet row) of each. Values quoted are
 * those of non-PII columns (PII columns are not converted); lines are quoted as `echo` allows.
 */
export async function validateLanding(session: DuckDBSession, from: FileDropSpec, plan: LandingPlan, echo: RecordEcho): Promise<LandingValidation> {
  const path = plan.file.path;
  const name = plan.file.relativePath;
  const rejects = from.format === "csv" ? rejectsTableName() : undefined;
  const checked = plan.columns.filter((c) => c.lossy !== undefined);
  const bad = checked.map((c) => `(${c.text} is not null and ${c.lossy as string})`);
  const reader = landingReader(from, path, plan.read, rejects === undefined ? {} : { rejects });
  const counts = (await session.all(`select count(*) as lf_rows${bad.map((b, i) => `, count(*) filter (where ${b}) as lf_bad_${i}`).join("")} from ${reader} as src`))[0] ?? {};
  const rows = Number(counts.lf_rows);
  const problems: LandingProblem[] = [];
  let more = 0;

  let rejected = 0;
  if (rejects !== undefined) {
    const found = await rejectedLines(session, rejects, name, echo);
    rejected = found.rejected;
    problems.push(...found.problems);
    more += found.more;
  }

  const unaccounted = accountingProblem(name, await countLandedRecords(path, from.format), rows, rejected);
  if (unaccounted !== undefined) problems.push(unaccounted);

  if (rejected > 0) return { problems, more }; // values are checked once every line parses
  const badTotal = checked.reduce((sum, _, i) => sum + Number(counts[`lf_bad_${i}`] ?? 0), 0);
  if (badTotal === 0) return { problems, more };
  const sample = await session.all(
    `select ${from.format === "parquet" ? "file_row_number as lf_row, " : ""}${checked.map((c, i) => `cast(${c.text} as VARCHAR) as lf_v_${i}, ${bad[i] as string} as lf_b_${i}`).join(", ")} from ${landingReader(from, path, plan.read, { rowNumbers: true })} as src where ${bad.join(" or ")} ${from.format === "parquet" ? "order by file_row_number " : ""}limit ${SAMPLED}`,
  );
  const found: { column: (typeof checked)[number]; value: string; row: number | undefined }[] = [];
  const seen = new Set<string>();
  for (const r of sample) {
    for (const [i, c] of checked.entries()) {
      const value = String(r[`lf_v_${i}`]);
      const key = locatedKey({ field: c.landed, value });
      if (r[`lf_b_${i}`] !== true || (from.format !== "parquet" && seen.has(key))) continue;
      seen.add(key);
      found.push({ column: c, value, row: r.lf_row === undefined ? undefined : Number(r.lf_row) + 1 });
    }
  }
  const lines = from.format === "parquet" ? new Map<string, number>() : await locateValues(path, from.format, found.map((f) => ({ field: f.column.landed, value: f.value })), from.delimiter);
  const located = found
    .map((f) => ({ ...f, line: f.row ?? lines.get(locatedKey({ field: f.column.landed, value: f.value })) }))
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity))
    .slice(0, MAX_REPORTED);
  for (const f of located) {
    const { what, fix } = conversionProblem(f.value, f.column.spec.type, duckdbDialect.columnType(f.column.spec.type));
    const at = f.line === undefined ? "" : ` ${from.format === "parquet" ? "row" : "line"} ${f.line}`;
    const renamed = f.column.landed === f.column.column ? "" : ` (landed as "${f.column.landed}")`;
    problems.push({ where: `${name}${at}, column "${f.column.column}"${renamed}`, what: `${quoted(f.value)} ${what}`, fix });
  }
  more += badTotal - located.length;
  return { problems, more };
}
