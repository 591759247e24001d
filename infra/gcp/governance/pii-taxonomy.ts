import type { PiiKind, Tier } from "lakeform";
import type { PlatformPlan, TablePlan } from "../../plan/platform-plan.ts";

/** BigQuery's predefined masking rules Lakeform uses. */
export type MaskingRule = "SHA256" | "DEFAULT_MASKING_VALUE";

/** The PII kinds the plan's tables hold, sorted: one policy tag each. */
export function piiKindsOf(tables: readonly Pick<TablePlan, "columns">[]): PiiKind[] {
  const kinds = new Set<PiiKind>();
  for (const table of tables) for (const column of table.columns) if (column.pii !== undefined) kinds.add(column.pii.kind);
  return [...kinds].sort();
}

/**
 * What a masked reader sees of a PII kind. SHA-256 keeps values joinable (the same input gives
 * the same output) but BigQuery applies it to STRING columns only: it is the rule when every
 * column of the kind is a hashed string. Anything else (masked values, non-string columns)
 * gets the type's default masking value (`""`, `0`, `1970-01-01`…).
 */
export function maskingRuleOf(kind: PiiKind, tables: readonly Pick<TablePlan, "columns">[]): MaskingRule {
  const columns = tables.flatMap((table) => table.columns.filter((column) => column.pii?.kind === kind));
  return columns.length > 0 && columns.every((c) => c.pii?.treatment === "hash" && c.type.kind === "string") ? "SHA256" : "DEFAULT_MASKING_VALUE";
}

/** The PII kinds of the tables of `tiers`. */
export function piiKindsOfTiers(plan: Pick<PlatformPlan, "tables">, tiers: readonly Tier[]): PiiKind[] {
  return piiKindsOf(plan.tables.filter((table) => tiers.includes(table.tier)));
}

/** A data policy's id: letters, digits and underscores, unique per project and location (`lf_prod_email_masked`). */
export function dataPolicyId(prefix: string, kind: PiiKind): string {
  return `${prefix.replaceAll("-", "_")}_${kind}_masked`;
}
