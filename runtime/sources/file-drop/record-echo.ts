import type { ColumnSpec } from "../../core/declare/column.ts";
import type { FileDropSpec } from "../../core/declare/file-drop.ts";
import { treatSample } from "../../core/pii/treat-sample.ts";

/** How many characters of a landed record a message quotes. */
const QUOTED = 120;

/** Shown in place of an undeclared field of an asset that holds PII: nobody said what it holds. */
export const UNDECLARED = "<undeclared>";

/**
 * How one landing file's records are quoted in messages (a rejected CSV line, a line that is
 * not JSON). An asset without PII columns is quoted as landed. An asset with PII columns is
 * quoted only where each field is known: a CSV line that splits into exactly the header's
 * fields shows each PII field in its declared form (hashed, masked, `<dropped>`) and each
 * undeclared field as `<undeclared>`; any other record is not quoted at all, since a shifted
 * field would put a PII value where a plain one is expected.
 */
export interface RecordEcho {
  readonly format: FileDropSpec["format"];
  readonly delimiter: string;
  /** The file's fields in order (CSV: its header), each with its declared column, if any. */
  readonly fields: readonly { readonly name: string; readonly column: ColumnSpec | undefined }[];
  /** Whether any declared column (dropped ones too) is PII. */
  readonly holdsPii: boolean;
  /** The PII key, to show hashed values as they land. */
  readonly key: Buffer | undefined;
}

/** The echo of a file with `fields` (landed names, in order) for an asset declaring `declared`. */
export function recordEcho(from: FileDropSpec, fields: readonly string[], declared: Readonly<Record<string, ColumnSpec>>, key: Buffer | undefined): RecordEcho {
  return Object.freeze({
    format: from.format,
    delimiter: from.delimiter ?? ",",
    fields: fields.map((name) => ({ name, column: declared[from.rename?.[name] ?? name] })),
    holdsPii: Object.values(declared).some((c) => c.pii !== undefined),
    key,
  });
}

/** The fields of one CSV line (RFC 4180 quoting), or undefined when its quotes do not balance. */
function csvFields(line: string, delimiter: string): string[] | undefined {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && line.startsWith(delimiter, i)) {
      fields.push(field);
      field = "";
      i += delimiter.length - 1;
    } else {
      field += ch;
    }
  }
  if (quoted) return undefined;
  fields.push(field.replace(/\r?\n$/, ""));
  return fields;
}

const quote = (text: string) => (text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text);

/** Said in place of a record {@link echoedRecord} does not quote. */
export const WITHHELD = "the line is not shown: the asset holds PII";

/**
 * How a landed record is quoted after a problem (the first 120 characters), or undefined when
 * it must not be (see {@link RecordEcho}). `text` is the record as landed (a CSV or JSON line).
 */
export function echoedRecord(echo: RecordEcho, text: string): string | undefined {
  if (!echo.holdsPii) return quote(text.replace(/\r?\n$/, ""));
  if (echo.format !== "csv") return undefined;
  const values = csvFields(text, echo.delimiter);
  if (values === undefined || values.length !== echo.fields.length) return undefined;
  const shown = values.map((value, i) => {
    const column = echo.fields[i]?.column;
    if (column === undefined) return UNDECLARED;
    return column.pii === undefined || value === "" ? value : treatSample(value, column.pii, echo.key);
  });
  return quote(shown.join(echo.delimiter));
}

/**
 * The field names of a file as a message lists them: as landed, or, for an asset that holds
 * PII, only the declared ones (a file without a header would show its first record).
 */
export function echoedFieldNames(echo: RecordEcho): string {
  const names = echo.fields.map((f) => f.name);
  if (!echo.holdsPii) return names.join(", ");
  const declared = echo.fields.filter((f) => f.column !== undefined).map((f) => f.name);
  const others = names.length - declared.length;
  return [...declared, ...(others === 0 ? [] : [`${others} undeclared field${others === 1 ? "" : "s"} (not shown: the asset holds PII)`])].join(", ") || "no fields";
}

/**
 * A JSON parser's reason, for an asset that holds PII without the excerpt of the record the
 * parser quotes (`Unexpected token 'Z', "{"email": Zoe@…" is not valid JSON` → `Unexpected token`).
 */
export function echoedJsonReason(echo: RecordEcho, reason: string): string {
  if (!echo.holdsPii || !/is not valid JSON$/.test(reason)) return reason;
  return reason.slice(0, Math.max(0, reason.search(/['"]/))).replace(/[\s,]+$/, "") || "not valid JSON";
}
