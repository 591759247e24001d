import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { StringDecoder } from "node:string_decoder";
import type { FileFormat } from "../../core/declare/file-drop.ts";

/** A landed value to find: the field's name as landed, and the value as read (text). */
export interface WantedValue {
  readonly field: string;
  readonly value: string;
}

const keyOf = (w: WantedValue) => `${w.field}\u0000${w.value}`;

/** Streams CSV records with the physical line each starts on (1-based; quoted newlines allowed). */
async function* csvRecords(path: string, delimiter: string): AsyncIterable<{ line: number; fields: string[] }> {
  const decoder = new StringDecoder("utf8");
  let fields: string[] = [];
  let field = "";
  let inQuote = false;
  let line = 1;
  let start = 1;
  let afterQuote = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = decoder.write(chunk as Buffer);
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (inQuote) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            inQuote = false;
            afterQuote = true;
          }
        } else {
          if (ch === "\n") line++;
          field += ch;
        }
      } else if (ch === '"' && field === "" && !afterQuote) inQuote = true;
      else if (ch === delimiter) {
        fields.push(field);
        field = "";
        afterQuote = false;
      } else if (ch === "\n") {
        fields.push(field.endsWith("\r") ? field.slice(0, -1) : field);
        if (fields.length > 1 || fields[0] !== "") yield { line: start, fields };
        fields = [];
        field = "";
        afterQuote = false;
        line++;
        start = line;
      } else field += ch;
    }
  }
  fields.push(field);
  if (fields.length > 1 || fields[0] !== "") yield { line: start, fields };
}

/** The text DuckDB reads a JSON value as when the column is VARCHAR (strings unquoted). */
function jsonText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The first line (1-based) on which each wanted value appears in its field, for messages that
 * name the line of a bad value. CSV and JSON lines are read record by record; in a JSON array,
 * the first line holding the value's JSON text is taken. Values not found are absent.
 */
export async function locateValues(path: string, format: FileFormat, wanted: readonly WantedValue[], delimiter = ","): Promise<Map<string, number>> {
  const open = new Map(wanted.map((w) => [keyOf(w), w]));
  const found = new Map<string, number>();
  const hit = (field: string, text: string | undefined, line: number) => {
    if (text === undefined) return;
    for (const candidate of [text, text.trim()]) {
      const key = keyOf({ field, value: candidate });
      if (open.delete(key)) found.set(key, line);
    }
  };
  if (format === "csv") {
    let header: string[] | undefined;
    for await (const { line, fields } of csvRecords(path, delimiter)) {
      if (header === undefined) header = fields.map((f) => f.trim());
      else for (const [i, name] of header.entries()) hit(name, fields[i], line);
      if (open.size === 0) break;
    }
  } else if (format === "jsonl" || format === "json") {
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      line++;
      if (format === "jsonl") {
        try {
          const row = JSON.parse(text) as Record<string, unknown>;
          for (const w of [...open.values()]) {
            const value = row[w.field];
            if (jsonText(value) === w.value || (typeof value === "number" && Number(w.value) === value)) hit(w.field, w.value, line);
          }
        } catch {
          // Malformed lines are reported before values are checked.
        }
      } else {
        for (const w of [...open.values()]) if (text.includes(JSON.stringify(w.value)) || text.includes(w.value)) hit(w.field, w.value, line);
      }
      if (open.size === 0) break;
    }
  }
  return found;
}

/** The key of a wanted value in {@link locateValues}'s answer. */
export const locatedKey = keyOf;
