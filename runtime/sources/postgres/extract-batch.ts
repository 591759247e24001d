import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { once } from "node:events";
import type pg from "pg";
import { CURSOR_TEXT, LATE_FLAG } from "./postgres-relation.ts";

/** What one extraction wrote. */
export interface ExtractedBatch {
  readonly rows: number;
  /** Rows flagged late that had landed before, left out. */
  readonly skipped: number;
  readonly sha256: string;
  /** The cursor text of the last row read (the newest, the query being ordered by it). */
  readonly highMark: string | undefined;
}

/**
 * Runs `query` through a server-side cursor (`DECLARE … CURSOR`, `FETCH n`) in one read-only,
 * repeatable-read transaction, so at most `batchRows` rows are in memory at once, and writes
 * each row's line (from `lineOf`) to `path`: first to a temporary name, renamed once complete,
 * so a crash never leaves a partial batch under a batch's name. A row flagged late whose line
 * is in `landed` is left out.
 */
export async function extractBatch(client: pg.Client, query: { text: string; values: string[] }, path: string, options: {
  readonly batchRows: number;
  readonly lineOf: (row: Readonly<Record<string, string | null>>) => string;
  readonly landed?: ReadonlySet<string>;
}): Promise<ExtractedBatch> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString("hex")}.partial`;
  const out = createWriteStream(temporary);
  const hash = createHash("sha256");
  let rows = 0;
  let skipped = 0;
  let highMark: string | undefined;
  try {
    await client.query("begin isolation level repeatable read read only");
    await client.query(`declare lakeform_extract no scroll cursor for ${query.text}`, query.values);
    for (;;) {
      const result = await client.query<Record<string, string | null>>(`fetch ${options.batchRows} from lakeform_extract`);
      for (const row of result.rows) {
        highMark = row[CURSOR_TEXT] ?? highMark;
        const text = options.lineOf(row);
        if (row[LATE_FLAG] === "t" && options.landed?.has(text) === true) {
          skipped += 1;
          continue;
        }
        const line = `${text}\n`;
        hash.update(line);
        rows += 1;
        if (!out.write(line)) await once(out, "drain");
      }
      if (result.rows.length < options.batchRows) break;
    }
    await client.query("commit");
    out.end();
    await once(out, "finish");
    await rename(temporary, path);
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  return { rows, skipped, sha256: hash.digest("hex"), highMark };
}
