import { assertNever } from "../../core/assert-never.ts";
import type { PiiSpec } from "../../core/declare/pii.ts";

/**
 * The DuckDB expression that treats `value` (an SQL expression of a string column) as declared.
 * `hash` is HMAC-SHA256 with the pads bound as the parameters `ipad` and `opad` (hex) — the key
 * never appears in SQL text; e-mail addresses are lower-cased and trimmed first. Nulls stay null.
 * `runtime/core/pii/treat-sample.ts` computes the same in TypeScript, for messages; keep them equal.
 */
export function piiTreatmentSql(value: string, pii: PiiSpec, pads: { readonly ipad: string; readonly opad: string }): string {
  switch (pii.treatment) {
    case "hash": {
      // E-mail addresses are compared case-insensitively: hash the normalised address so joins work.
      const input = pii.kind === "email" ? `lower(trim(${value}))` : value;
      return `sha256(unhex(${pads.opad}) || unhex(sha256(unhex(${pads.ipad}) || encode(${input}))))`;
    }
    case "mask":
      return maskSql(value, pii);
    case "drop":
      throw new Error("dropped columns are not selected");
    default:
      return assertNever(pii.treatment);
  }
}

function maskSql(value: string, pii: PiiSpec): string {
  switch (pii.kind) {
    case "email":
      // Text that is no address is still hidden: all but its first character.
      return `case when regexp_matches(${value}, '^(.)[^@]*(@.*)$') then regexp_replace(${value}, '^(.)[^@]*(@.*)$', '\\1***\\2') else ${hideAllButFirst(value)} end`;
    case "phone":
    case "payment_card":
    case "national_id":
      return `repeat('*', greatest(length(${value}) - 4, 0)) || right(${value}, 4)`;
    case "ip_address":
      return `regexp_replace(${value}, '[.:][0-9a-fA-F]+$', '.0')`;
    default:
      return hideAllButFirst(value);
  }
}

function hideAllButFirst(value: string): string {
  return `left(${value}, 1) || repeat('*', greatest(length(${value}) - 1, 0))`;
}
