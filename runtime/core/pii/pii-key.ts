import { createHmac } from "node:crypto";

/** The shortest `LAKEFORM_PII_KEY` accepted, in bytes (UTF-8). */
export const PII_KEY_MIN_BYTES = 16;

/** The constant whose HMAC under the key is the key's fingerprint. */
const FINGERPRINT_MESSAGE = "lakeform-pii-key-fingerprint";

/**
 * What is wrong with `key` as a PII key (unset, or shorter than {@link PII_KEY_MIN_BYTES}), as
 * `[what, fix]`, or undefined when it is usable. The one place this rule is written.
 */
export function piiKeyProblem(key: Buffer | undefined): readonly [string, string] | undefined {
  if (key === undefined) return ["LAKEFORM_PII_KEY is not set", `set LAKEFORM_PII_KEY to a secret of at least ${PII_KEY_MIN_BYTES} characters (the same wherever hashed values must join)`];
  if (key.length < PII_KEY_MIN_BYTES) return [`LAKEFORM_PII_KEY is shorter than ${PII_KEY_MIN_BYTES} characters`, "use a longer secret"];
  return undefined;
}

/**
 * The fingerprint of a PII key: HMAC-SHA256(key, "lakeform-pii-key-fingerprint"), the first 16 hex
 * characters. It tells keys apart without revealing them; the state store keeps it, never the key.
 *
 * @example piiKeyFingerprint(Buffer.from("a-secret-of-16-chars-or-more")) // 16 hex characters
 */
export function piiKeyFingerprint(key: Buffer): string {
  return createHmac("sha256", key).update(FINGERPRINT_MESSAGE).digest("hex").slice(0, 16);
}

/** A fingerprint as people see it: its first 12 characters and an ellipsis. */
export function shownFingerprint(fingerprint: string): string {
  return `${fingerprint.slice(0, 12)}…`;
}
