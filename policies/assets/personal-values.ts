import type { PiiKind, PiiTreatment } from "../../runtime/core/declare/pii.ts";

/** A kind of personal data recognised by its values. */
export interface PersonalValuePattern {
  readonly kind: PiiKind;
  readonly treatment: PiiTreatment;
  readonly looksLike: string;
  readonly pattern: RegExp;
}

/** E-mail, IBAN, IPv4/IPv6 and phone numbers (international or with a trunk prefix, 7–15 digits). */
export const PERSONAL_VALUE_PATTERNS: readonly PersonalValuePattern[] = [
  { kind: "email", treatment: "hash", looksLike: "e-mail addresses", pattern: /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/ },
  { kind: "national_id", treatment: "hash", looksLike: "IBANs", pattern: /^[A-Z]{2}\d{2}[ ]?(?:[A-Z0-9]{4}[ ]?){2,7}[A-Z0-9]{1,4}$/ },
  { kind: "ip_address", treatment: "hash", looksLike: "IP addresses", pattern: /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$|^(?=.*:)[0-9A-Fa-f:]{2,39}$/ },
  { kind: "phone", treatment: "mask", looksLike: "phone numbers", pattern: /^(?:\+|00|0)(?:[\s\-./()]*\d){7,15}$/ },
];

/**
 * The kind of personal data that most of `values` look like — more than half of the non-empty
 * ones match the same pattern — or undefined. A profile records no sample of values, only the
 * smallest and largest of a text column, so those are what is judged (both must match).
 */
export function personalValuePattern(values: readonly string[]): PersonalValuePattern | undefined {
  const present = values.filter((v) => v.trim() !== "");
  if (present.length === 0) return undefined;
  return PERSONAL_VALUE_PATTERNS.find((p) => present.filter((v) => p.pattern.test(v.trim())).length * 2 > present.length);
}
