import { createReadStream } from "node:fs";
import type { FileFormat } from "../../core/declare/file-drop.ts";

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;

/** A byte scanner fed chunk by chunk; `count()` is the number of records seen so far. */
interface RecordCounter {
  feed(chunk: Buffer): void;
  count(): number;
}

/** CSV records (`"` quotes, newlines inside quotes allowed), blank lines skipped, header included. */
function csvCounter(): RecordCounter {
  let records = 0;
  let inQuote = false;
  let content = false;
  return {
    feed(chunk) {
      if (!inQuote && chunk.indexOf(QUOTE) < 0) {
        // Fast path, no quote in the chunk: jump from newline to newline (memchr).
        let from = 0;
        for (let at = chunk.indexOf(NL, from); at >= 0; at = chunk.indexOf(NL, from)) {
          if (content || at - from > (chunk[at - 1] === CR ? 1 : 0)) records++;
          content = false;
          from = at + 1;
        }
        if (from < chunk.length && !(chunk.length - from === 1 && chunk[from] === CR)) content = true;
        return;
      }
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i] as number;
        if (b === QUOTE) inQuote = !inQuote;
        if (b === NL && !inQuote) {
          if (content) records++;
          content = false;
        } else if (b !== CR) content = true;
      }
    },
    count: () => records + (content ? 1 : 0),
  };
}

/** Non-blank lines. */
function jsonLinesCounter(): RecordCounter {
  let records = 0;
  let content = false;
  return {
    feed(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i] as number;
        if (b === NL) {
          if (content) records++;
          content = false;
        } else if (b !== CR && b !== SPACE && b !== TAB) content = true;
      }
    },
    count: () => records + (content ? 1 : 0),
  };
}

/** Elements of a top-level JSON array. */
function jsonArrayCounter(): RecordCounter {
  let records = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expecting = true;
  return {
    feed(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i] as number;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          continue;
        }
        if (b === SPACE || b === TAB || b === NL || b === CR) continue;
        if (depth === 1 && b === 0x2c /* , */) {
          expecting = true;
          continue;
        }
        if (depth === 1 && expecting && b !== 0x5d /* ] */) {
          records++;
          expecting = false;
        }
        if (b === QUOTE) inString = true;
        else if (b === 0x5b /* [ */ || b === 0x7b /* { */) depth++;
        else if (b === 0x5d || b === 0x7d) depth--;
      }
    },
    count: () => records,
  };
}

/**
 * The number of data records a landing file holds, counted independently of DuckDB so that a
 * record the reader skipped is noticed: CSV records after the header (quoted newlines allowed,
 * blank lines skipped), non-blank JSON lines, elements of a JSON array. Parquet is not counted
 * (its row count is in its footer): `undefined`.
 */
export async function countLandedRecords(path: string, format: FileFormat): Promise<number | undefined> {
  const counter = format === "csv" ? csvCounter() : format === "jsonl" ? jsonLinesCounter() : format === "json" ? jsonArrayCounter() : undefined;
  if (counter === undefined) return undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) counter.feed(chunk as Buffer);
  return format === "csv" ? Math.max(0, counter.count() - 1) : counter.count();
}
