import { AssetGraphError } from "../errors.ts";
import type { AssetDefinition } from "../declare/asset.ts";
import type { CheckSpec } from "../declare/check.ts";
import type { Column, ColumnSpec } from "../declare/column.ts";
import type { PartitionMapping } from "../declare/partition-mapping.ts";
import type { ScheduleSpec } from "../declare/schedule.ts";
import type { Problem } from "../problem.ts";
import { parseDuration } from "../declare/duration.ts";
import { AssetGraph } from "./asset-graph.ts";
import type { AssetNode, Dependency } from "./asset-node.ts";
import { checkCycleProblems } from "./check-cycles.ts";
import { checkTargets } from "./check-targets.ts";
import { declaredDependencies } from "./declared-dependencies.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { defaultMapping } from "./partition-fit.ts";
import { validateChecks } from "./rules/checks.ts";
import { validateColumns } from "./rules/columns.ts";
import { validateCompute } from "./rules/compute.ts";
import { validateSources } from "./rules/sources.ts";
import { validateDependencies } from "./rules/dependencies.ts";
import { tierOf, validateKeys } from "./rules/keys.ts";
import { validateMetadata } from "./rules/metadata.ts";
import { validatePartitions } from "./rules/partitions.ts";
import { validateSchedules } from "./rules/schedules.ts";
import { findCycles, topologicalOrder } from "./topological-order.ts";
import { problemAt, type BuildOptions, type ValidationContext, type ValidationRule } from "./validation-context.ts";

const ALL_PARTITIONS: PartitionMapping = Object.freeze({ kind: "all" });
const ON_DEMAND: ScheduleSpec = Object.freeze({ kind: "onDemand" });

const RULES: readonly ValidationRule[] = [
  validateKeys,
  validateColumns,
  validateCompute,
  validateSources,
  validateDependencies,
  validateChecks,
  validatePartitions,
  validateSchedules,
  validateMetadata,
];

/** Declarations as a catalog may export them: a list, nested lists, or an object of them. */
export type Declarations = readonly (AssetDefinition | Declarations)[] | Readonly<Record<string, AssetDefinition>>;

/** The declarations as one list; the same definition exported twice counts once. */
function flatten(declarations: Declarations): AssetDefinition[] {
  const list = Array.isArray(declarations) ? declarations : Object.values(declarations);
  const flat = list.flatMap((d: AssetDefinition | Declarations) => (Array.isArray(d) ? flatten(d) : [d as AssetDefinition]));
  return [...new Set(flat)];
}

/** Problems grouped by asset (in key order), keeping each asset's problems in rule order. */
function byAsset(problems: readonly Problem[]): Problem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.asset ?? "").localeCompare(b.problem.asset ?? "") || a.index - b.index)
    .map(({ problem }) => problem);
}

function implicitChecks(definition: AssetDefinition): CheckSpec[] {
  const key: string[] = [];
  for (const name in definition.columns) if (definition.columns[name]?.spec.primaryKey) key.push(name);
  if (key.length === 0) return [];
  return [
    { kind: "notNull", name: "primary_key_not_null", columns: key, severity: "error", blocking: true, description: "Implied by the primary key" },
    { kind: "unique", name: "primary_key_unique", columns: key, severity: "error", blocking: true, description: "Implied by the primary key" },
  ];
}

function cycleProblems(unordered: readonly string[], byKey: ReadonlyMap<string, AssetDefinition>, parentsOf: (k: string) => readonly string[]): Problem[] {
  return findCycles(unordered, parentsOf).map((cycle) => {
    const first = byKey.get(cycle[0] ?? "") as AssetDefinition;
    return problemAt(first, `is part of a dependency cycle: ${cycle.join(" → ")}`, "remove one of the dependencies on the cycle");
  });
}

/**
 * Validates declarations once and returns the frozen AssetGraph. Collects every problem —
 * duplicate keys, missing dependencies (with "did you mean"), cycles (with the path; also those
 * closed only by a check that reads an asset built from the checked one), invalid
 * cron, unsafe identifiers, checks on unknown columns, partition mappings that do not fit,
 * freshness policies the schedule cannot meet — then throws them together.
 *
 * @throws AssetGraphError listing every problem, each naming the asset and the fix.
 * @example const graph = buildAssetGraph(catalog); graph.select("+curated/daily_revenue");
 */
export function buildAssetGraph(declarations: Declarations, options: BuildOptions = {}): AssetGraph {
  const definitions = flatten(declarations);
  const byKey = new Map<string, AssetDefinition>();
  const problems: Problem[] = [];
  for (const definition of definitions) {
    if (definition === null || typeof definition !== "object" || !("site" in definition)) {
      problems.push({ message: `the catalog holds ${definition === null ? "null" : typeof definition}, which is not an asset`, fix: "export only values made by asset() or source()" });
      continue;
    }
    if (!byKey.has(definition.key)) byKey.set(definition.key, definition);
  }
  const valid = definitions.filter((d) => d !== null && typeof d === "object" && "site" in d);
  const parents = new Map([...byKey].map(([key, d]) => [key, declaredDependencies(d).map((dep) => dep.key).filter((k) => byKey.has(k) && k !== key)]));
  const parentsOf = (key: string): readonly string[] => parents.get(key) ?? [];
  const targets = new Map([...byKey].map(([key, d]) => [key, checkTargets(d).map((t) => t.key).filter((k) => byKey.has(k))]));
  const orderParentsOf = (key: string): readonly string[] => [...new Set([...parentsOf(key), ...(targets.get(key) ?? [])])];
  const dataOrder = topologicalOrder([...byKey.keys()], parentsOf);
  const { order, levels, unordered } = topologicalOrder([...byKey.keys()], orderParentsOf);
  const context: ValidationContext = { definitions: valid, byKey, order, ownersOptional: options.ownersOptional === true };
  for (const rule of RULES) problems.push(...rule(context));
  problems.push(...cycleProblems(dataOrder.unordered, byKey, parentsOf));
  if (dataOrder.unordered.length === 0) problems.push(...checkCycleProblems(unordered, byKey, parentsOf, orderParentsOf));
  if (problems.length > 0) throw new AssetGraphError(byAsset(problems));

  const fingerprints = new Map<string, string>();
  const nodes = order.map((key): AssetNode => {
    const definition = byKey.get(key) as AssetDefinition;
    const engine = definition.engine ?? (definition.compute.kind === "spark" ? "emr" : "duckdb");
    const dependencies = declaredDependencies(definition).map(
      (d): Dependency => Object.freeze({ key: d.key, via: d.via, partitions: d.partitions ?? defaultMapping(definition.partitions, byKey.get(d.key)?.partitions) ?? ALL_PARTITIONS }),
    );
    const fingerprint = fingerprintOf(definition, engine, dependencies, (k) => fingerprints.get(k) ?? "");
    fingerprints.set(key, fingerprint);
    const columns: Record<string, ColumnSpec> = {};
    let hasPii = false;
    for (const name in definition.columns) {
      const spec = (definition.columns[name] as Column).spec;
      columns[name] = spec;
      hasPii ||= spec.pii !== undefined;
    }
    return Object.freeze({
      key,
      kind: definition.kind,
      tier: tierOf(definition) ?? "raw",
      description: definition.description,
      owners: definition.owners,
      tags: Object.freeze(hasPii && !definition.tags.includes("pii") ? [...definition.tags, "pii"] : definition.tags),
      group: definition.group,
      columns: Object.freeze(columns),
      compute: definition.compute,
      dependencies: Object.freeze(dependencies),
      checkTargets: Object.freeze(targets.get(key) ?? []),
      partitions: definition.partitions,
      checks: Object.freeze([...implicitChecks(definition), ...definition.checks]),
      freshness: definition.freshness,
      schedule: definition.schedule ?? ON_DEMAND,
      retentionDays: definition.retentionDays,
      costGuard: definition.costGuard,
      engine,
      retries: { max: definition.retries?.max ?? 3, backoffMs: parseDuration(definition.retries?.backoff ?? "1m") ?? 60_000 },
      rebuildWhenStale: definition.rebuildWhenStale,
      scheduleDeclared: definition.schedule !== undefined,
      level: levels.get(key) ?? 0,
      fingerprint,
      definition,
    });
  });
  return new AssetGraph(nodes);
}
