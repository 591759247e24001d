import type { AssetGraph, AssetNode, EngineName } from "lakeform";
import { parseByteSize } from "../../runtime/core/declare/byte-size.ts";
import { parseDuration } from "../../runtime/core/declare/duration.ts";
import { resolveEngine } from "../../runtime/core/graph/engine-resolution.ts";
import type { Environment } from "./environment.ts";
import { landingPrefix } from "./plan-buckets.ts";
import { bucketName, tableLocation } from "./naming.ts";
import type { ComputePlan, DataPrefix } from "./platform-plan.ts";
import { runsPerMonth } from "./runs-per-month.ts";

/** The engines each cloud offers besides the embedded DuckDB. */
const CLOUD_ENGINES: Readonly<Record<Environment["cloud"], readonly EngineName[]>> = { aws: ["duckdb", "emr"], gcp: ["duckdb", "bigquery"] };

/** Where an asset is computed in an environment (see `resolveEngine`). */
export function engineOf(node: AssetNode, environment: Environment): EngineName {
  return resolveEngine(node, environment.defaultEngine);
}

/** A problem with an asset's engine in this environment, or undefined. */
export function engineProblem(node: AssetNode, engine: EngineName, environment: Environment): string | undefined {
  if (CLOUD_ENGINES[environment.cloud].includes(engine)) return undefined;
  const others = CLOUD_ENGINES[environment.cloud].filter((e) => e !== "duckdb");
  return `Asset "${node.key}": runs on engine "${engine}", which stack "${environment.name}" (cloud ${environment.cloud}) does not offer. Fix: remove its \`engine\` to use the stack's default, or set it to "duckdb" or "${others.join('" or "')}".`;
}

const dedupe = (prefixes: DataPrefix[]): DataPrefix[] => {
  const seen = new Map(prefixes.map((p) => [`${p.bucket}/${p.prefix}`, p]));
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => Object.freeze(p));
};

function readsOf(node: AssetNode, graph: AssetGraph, environment: Environment): DataPrefix[] {
  if (node.compute.kind === "ingest") return node.compute.from.kind === "fileDrop" ? [{ bucket: bucketName(environment, "landing"), prefix: landingPrefix(node.compute.from.pattern) }] : [];
  const keys = [...node.dependencies.filter((d) => d.via === "ref").map((d) => d.key), ...node.checkTargets];
  return dedupe(keys.map((key) => tableLocation(environment, graph.get(key))));
}

function costGuardOf(node: AssetNode): ComputePlan["costGuard"] {
  if (node.costGuard === undefined) return undefined;
  const bytes = node.costGuard.maxBytesBilled === undefined ? undefined : parseByteSize(node.costGuard.maxBytesBilled);
  const runtime = node.costGuard.maxRuntime === undefined ? undefined : parseDuration(node.costGuard.maxRuntime);
  return Object.freeze({ ...(bytes === undefined ? {} : { maxBytesBilled: bytes }), ...(runtime === undefined ? {} : { maxRuntimeMinutes: Math.ceil(runtime / 60_000) }) });
}

/** Per asset, in the graph's order: engine, schedule, runs a month, guard, and the prefixes it reads and writes. */
export function planCompute(graph: AssetGraph, environment: Environment, problems: string[]): ComputePlan[] {
  const runs = new Map<string, number>();
  return graph.nodes().map((node) => {
    const engine = engineOf(node, environment);
    const problem = engineProblem(node, engine, environment);
    if (problem !== undefined) problems.push(problem);
    const monthly = runsPerMonth(node, node.dependencies.map((d) => runs.get(d.key) ?? 0));
    runs.set(node.key, monthly);
    const costGuard = costGuardOf(node);
    return Object.freeze({
      asset: node.key,
      engine,
      schedule: node.schedule,
      runsPerMonth: monthly,
      ...(costGuard === undefined ? {} : { costGuard }),
      reads: Object.freeze(dedupe(readsOf(node, graph, environment))),
      writes: tableLocation(environment, node),
      ...(engine === "emr" ? { cluster: environment.emr } : {}),
    });
  });
}
