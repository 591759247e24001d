/** What kind of personal data a column holds; drives masking and governance tags. */
export type PiiKind =
  | "email"
  | "name"
  | "phone"
  | "address"
  | "ip_address"
  | "national_id"
  | "date_of_birth"
  | "payment_card"
  | "free_text";

/**
 * How personal data is obfuscated at the door, before it lands in any tier:
 * - `hash`: HMAC-SHA256 keyed by `LAKEFORM_PII_KEY`, hex encoded — joinable, not reversible;
 * - `mask`: keeps the shape and hides the content (`j***@example.com`, `*******1234`);
 * - `drop`: the column never lands at all.
 */
export type PiiTreatment = "hash" | "mask" | "drop";

/** The PII declaration of one column. */
export interface PiiSpec {
  readonly kind: PiiKind;
  readonly treatment: PiiTreatment;
}

export const PII_KINDS: readonly PiiKind[] = [
  "email", "name", "phone", "address", "ip_address", "national_id", "date_of_birth", "payment_card", "free_text",
];
export const PII_TREATMENTS: readonly PiiTreatment[] = ["hash", "mask", "drop"];
