import type { AssetGraph } from "../../runtime/core/graph/asset-graph.ts";
import type { PlatformPlan, TableColumn, TablePlan } from "../../infra/plan/platform-plan.ts";
import type { RuleHit } from "../assets/asset-rule.ts";
import type { EnforcementLevel, Finding } from "../finding.ts";
import { ruleFindings } from "../rule-findings.ts";
import { columnReaders } from "./column-readers.ts";
import { ASSET_REMOVED, COLUMN_ADDED_NOT_NULLABLE, COLUMN_REMOVED, COLUMN_TYPE_NARROWED, COMPATIBILITY_RULES, PARTITIONING_CHANGED, PRIMARY_KEY_CHANGED } from "./compatibility-rules.ts";
import { isWidening, typeName } from "./type-widening.ts";

const GUARDED = new Set(["clean", "curated"]);

const declared = (table: TablePlan): TableColumn[] => table.columns.filter((c) => c.loadMetadata !== true);
const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(", ");

/** Who depends on a column: the assets reading it, and the consumer roles the baseline granted it to. */
function dependents(graph: AssetGraph, baseline: PlatformPlan, table: TablePlan, column: string): string {
  const readers = columnReaders(graph, table.asset, column);
  const roles = [...new Set(baseline.grants.filter((g) => g.asset === table.asset && g.columns.includes(column)).map((g) => g.role))];
  const parts = [
    readers.length === 0 ? "no asset of the catalog reads it" : `read by ${readers.join(", ")}`,
    ...(roles.length === 0 ? [] : [`granted to ${roles.map((r) => `role "${r}"`).join(", ")}`]),
  ];
  return parts.join("; ");
}

function tableHits(graph: AssetGraph, baseline: PlatformPlan, before: TablePlan, after: TablePlan, hits: Map<string, RuleHit[]>): void {
  const add = (rule: string, hit: RuleHit) => hits.get(rule)?.push(hit);
  const asset = after.asset;
  const now = new Map(declared(after).map((c) => [c.name, c]));
  const was = new Map(declared(before).map((c) => [c.name, c]));
  const added = declared(after).filter((c) => !was.has(c.name));
  for (const old of declared(before)) {
    const current = now.get(old.name);
    if (old.deprecated !== undefined) continue;
    if (current === undefined) {
      const renamed = added.filter((c) => typeName(c.type) === typeName(old.type)).map((c) => c.name);
      const dropped = after.droppedPiiColumns.includes(old.name) ? " (it is now dropped as PII)" : renamed.length > 0 ? ` (renamed to ${quoted(renamed)}? a rename removes the old name for its readers)` : "";
      add(COLUMN_REMOVED.id, {
        asset,
        message: `column "${old.name}" was removed${dropped} without being deprecated first; ${dependents(graph, baseline, before, old.name)}`,
        fix: `keep it for one release, marked .deprecated("use …") so its readers can move, then remove it; or waive "${COLUMN_REMOVED.id}" for this asset with the reason`,
      });
    } else if (!isWidening(old.type, current.type)) {
      add(COLUMN_TYPE_NARROWED.id, {
        asset,
        column: old.name,
        message: `column "${old.name}" changes type from ${typeName(old.type)} to ${typeName(current.type)}, which cannot hold every value it held; ${dependents(graph, baseline, before, old.name)}`,
        fix: `keep ${typeName(old.type)} (or widen it), or add a new column with the new type and mark "${old.name}" .deprecated("use …") for one release`,
      });
    }
  }
  for (const column of added) {
    if (column.nullable) continue;
    add(COLUMN_ADDED_NOT_NULLABLE.id, { asset, column: column.name, message: `column "${column.name}" is added as not nullable to an existing table: versions published before have no value for it`, fix: `declare it .nullable(), or rebuild every published partition (lakeform materialize ${asset} --all-partitions) before readers rely on it` });
  }
  const partitioning = (t: TablePlan) => (t.partitioning === undefined ? "none" : [t.partitioning.kind, t.partitioning.granularity, t.partitioning.timezone].filter((x) => x !== undefined).join(" "));
  if (partitioning(before) !== partitioning(after)) {
    add(PARTITIONING_CHANGED.id, { asset, message: `partitioning changes from ${partitioning(before)} to ${partitioning(after)}: readers filtering on partitions and published versions no longer line up`, fix: "keep the partitioning, or publish the new layout as a new asset and deprecate this one" });
  }
  const key = (t: TablePlan) => declared(t).filter((c) => c.primaryKey).map((c) => c.name).sort();
  if (key(before).join(",") !== key(after).join(",")) {
    add(PRIMARY_KEY_CHANGED.id, { asset, message: `primary key changes from (${key(before).join(", ") || "none"}) to (${key(after).join(", ") || "none"}): readers joining on it get other rows`, fix: "keep the key, or tell the readers (downstream owners) before merging" });
  }
}

/**
 * Schema-compatibility findings of `plan` against `baseline` (e.g. the plan of `main`): for
 * every clean or curated table of the baseline, removed or renamed columns and narrowed types
 * (unless the baseline marked the column deprecated), non-nullable additions, and changes of
 * partitioning or primary key. Each message names the asset, the column, who reads it, and the fix.
 */
export function compatibilityFindings(baseline: PlatformPlan, plan: PlatformPlan, graph: AssetGraph, levels: ReadonlyMap<string, EnforcementLevel>): Finding[] {
  const hits = new Map<string, RuleHit[]>(COMPATIBILITY_RULES.map((rule) => [rule.id, []]));
  const current = new Map(plan.tables.map((t) => [t.asset, t]));
  for (const before of baseline.tables) {
    if (!GUARDED.has(before.tier)) continue;
    const after = current.get(before.asset);
    if (after !== undefined) {
      tableHits(graph, baseline, before, after, hits);
      continue;
    }
    if (declared(before).every((c) => c.deprecated !== undefined)) continue;
    const roles = [...new Set(baseline.grants.filter((g) => g.asset === before.asset).map((g) => g.role))];
    const readers = baseline.compute.filter((c) => c.asset !== before.asset && c.reads.some((r) => r.bucket === before.location.bucket && r.prefix === before.location.prefix)).map((c) => c.asset);
    hits.get(ASSET_REMOVED.id)?.push({
      asset: before.asset,
      message: `was removed without its columns being deprecated first; ${readers.length === 0 ? "no asset of the baseline read it" : `read in the baseline by ${readers.join(", ")}`}${roles.length === 0 ? "" : `; granted to ${roles.map((r) => `role "${r}"`).join(", ")}`}`,
      fix: `restore it and mark its columns .deprecated("…") for one release, then remove it`,
    });
  }
  return COMPATIBILITY_RULES.flatMap((rule) => ruleFindings(rule.id, levels.get(rule.id) ?? rule.defaultLevel, hits.get(rule.id) ?? [], graph));
}
