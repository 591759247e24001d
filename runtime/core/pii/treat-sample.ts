import { createHmac } from "node:crypto";
import { assertNever } from "../assert-never.ts";
import type { PiiKind, PiiSpec } from "../declare/pii.ts";

/** How a dropped value is shown: it never lands, so it is never shown either. */
export const DROPPED = "<dropped>";

/** How a value to hash is shown when no key is at hand to hash it. */
export const HASHED = "<hashed>";

/** `left(v, 1) || repeat('*', length(v) - 1)`, by code points as DuckDB counts them. */
function hideAllButFirst(chars: readonly string[]): string {
  return chars.length === 0 ? "" : `${chars[0] ?? ""}${"*".repeat(chars.length - 1)}`;
}

/**
 * A value masked as `pii-sql.ts` masks it in DuckDB (the two are kept equal by a test):
 * e-mail `j***@example.com` (text without `@`: all but its first character hidden), phone,
 * card and national id all but the last 4 characters hidden, IP address last group `.0`,
 * anything else all but the first character hidden.
 */
export function maskedValue(value: string, kind: PiiKind): string {
  const chars = Array.from(value);
  switch (kind) {
    case "email": {
      const at = /^(.)[^@]*(@.*)$/u.exec(value);
      return at === null ? hideAllButFirst(chars) : `${at[1] ?? ""}***${at[2] ?? ""}`;
    }
    case "phone":
    case "payment_card":
    case "national_id":
      return `${"*".repeat(Math.max(chars.length - 4, 0))}${chars.slice(-4).join("")}`;
    case "ip_address":
      return value.replace(/[.:][0-9a-fA-F]+$/, ".0");
    case "name":
    case "address":
    case "date_of_birth":
    case "free_text":
      return hideAllButFirst(chars);
    default:
      return assertNever(kind);
  }
}

/**
 * A landed value of a PII column in its declared form, the only form Lakeform may store or
 * print it in (an error message, a sample): `hash` → the HMAC-SHA256 hex that lands (e-mail
 * trimmed and lower-cased first), or {@link HASHED} without a key; `mask` → masked as it lands;
 * `drop` → {@link DROPPED}.
 *
 * @example treatSample("Ann@Example.com ", { kind: "email", treatment: "mask" }, key) // "A***@Example.com "
 */
export function treatSample(value: string, pii: PiiSpec, key: Buffer | undefined): string {
  switch (pii.treatment) {
    case "hash": {
      if (key === undefined) return HASHED;
      const input = pii.kind === "email" ? value.replace(/^ +| +$/g, "").toLowerCase() : value;
      return createHmac("sha256", key).update(input, "utf8").digest("hex");
    }
    case "mask":
      return maskedValue(value, pii.kind);
    case "drop":
      return DROPPED;
    default:
      return assertNever(pii.treatment);
  }
}
