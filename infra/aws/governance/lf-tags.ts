import { TIERS } from "lakeform";
import type { PlatformPlan, TablePlan } from "../../plan/platform-plan.ts";

/** An LF-tag and the values it may take. */
export interface LfTagDefinition {
  readonly key: "tier" | "domain" | "pii";
  readonly values: readonly string[];
}

/** One LF-tag on a resource. */
export interface LfTagValue {
  readonly key: LfTagDefinition["key"];
  readonly value: string;
}

/** Tags on some columns of a table (`aws.lakeformation.ResourceLfTags` with `tableWithColumns`). */
export interface ColumnLfTags {
  readonly columnNames: readonly string[];
  readonly lfTags: readonly LfTagValue[];
}

/** The domain of an asset without a group. */
export const NO_DOMAIN = "none";

/** An asset group as an LF-tag value: lowercase letters, digits, `_` and `-`. */
export function domainOf(table: Pick<TablePlan, "group">): string {
  if (table.group === undefined) return NO_DOMAIN;
  const value = table.group.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return value === "" ? NO_DOMAIN : value;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The three LF-tags of the platform: `tier`, `domain` (asset groups, and "none"), `pii` (true/false). */
export function lfTagDefinitions(plan: Pick<PlatformPlan, "tables">): LfTagDefinition[] {
  return [
    { key: "tier", values: [...TIERS] },
    { key: "domain", values: sorted([NO_DOMAIN, ...plan.tables.map(domainOf)]) },
    { key: "pii", values: ["false", "true"] },
  ];
}

/** Whether a table holds (treated) personal data in any column. */
export const holdsPii = (table: Pick<TablePlan, "columns">): boolean => table.columns.some((c) => c.pii !== undefined);

/** A table's own tags: its tier, its domain, and whether it holds personal data. */
export function tableLfTags(table: TablePlan): LfTagValue[] {
  return [
    { key: "tier", value: table.tier },
    { key: "domain", value: domainOf(table) },
    { key: "pii", value: String(holdsPii(table)) },
  ];
}

/**
 * Column tags of a table holding personal data: `pii=true` on each PII column and, because
 * columns inherit the table's `pii=true`, `pii=false` on every other column (the partition
 * column included). A table without personal data needs none: its columns inherit `pii=false`.
 */
export function columnLfTags(table: TablePlan): ColumnLfTags[] {
  if (!holdsPii(table)) return [];
  const pii = table.columns.filter((c) => c.pii !== undefined).map((c) => c.name);
  const other = [...table.columns.filter((c) => c.pii === undefined).map((c) => c.name), ...(table.partitioning === undefined ? [] : [table.partitioning.column])];
  return [
    { columnNames: pii, lfTags: [{ key: "pii", value: "true" }] },
    ...(other.length === 0 ? [] : [{ columnNames: other, lfTags: [{ key: "pii" as const, value: "false" }] }]),
  ];
}
