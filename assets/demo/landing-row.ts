import type { Columns } from "lakeform";

/** A value as an export writes it: text, number, boolean, instant, or a JSON object. */
export type LandingValue = string | number | boolean | Date | { readonly [key: string]: unknown };

/**
 * One row of a source's landing file: a value (or null) for every declared column, PII in
 * clear text as the upstream system sends it (ingestion hashes, masks or drops it).
 */
export type LandingRow<C extends Columns> = { readonly [K in keyof C]: LandingValue | null };

/** A row and the instant it lands: the landing day of its file is the UTC day of `at`. */
export interface Landing<R> {
  readonly at: Date;
  readonly row: R;
}
