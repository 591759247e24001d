/**
 * A plan's secret name as a Secret Manager secret id (letters, digits, `-` and `_`):
 * `lf-prod/pii-key` → `lf-prod-pii-key`.
 */
export function secretId(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 255);
}
