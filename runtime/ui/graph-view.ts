import { TIERS } from "../core/declare/asset.ts";
import { assetFreshness } from "../freshness/asset-freshness.ts";
import { waitingSummary } from "../run/waiting-for-data.ts";
import type { PublishedVersion } from "../state/records.ts";
import { assetHealth, type AssetHealth } from "./asset-health.ts";
import { layoutGraph, type PlacedEdge } from "./layout-graph.ts";
import type { UiSource } from "./ui-source.ts";

/** Box size of a node in the picture (pixels). */
export const NODE_WIDTH = 215;
export const NODE_HEIGHT = 46;

/** One asset of the graph page: where it is drawn and how it is doing. */
export interface GraphNodeView {
  readonly key: string;
  readonly tier: string;
  readonly kind: "asset" | "source";
  readonly health: AssetHealth;
  readonly reason: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly lastStatus: string | null;
  readonly lastAt: string | null;
  readonly publishedPartitions: number;
  /** Check results of the newest materialisation with results: passed, warned, failed (error counts as failed). */
  readonly checks: { readonly passed: number; readonly warned: number; readonly failed: number };
}

/** The graph page's data: the selected assets laid out, with their health. */
export interface GraphView {
  readonly environment: string;
  readonly selection: string;
  readonly generatedAt: string;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly GraphNodeView[];
  readonly edges: readonly PlacedEdge[];
  /** Runs still running (the daemon or a `materialize` at work): the page polls faster to follow them. */
  readonly running: number;
}

/**
 * The graph page for `selection` (selection syntax, `*` for all): every selected asset laid out
 * left to right, coloured by {@link assetHealth}. Reads the state store only.
 * @throws SelectionError on a bad selection.
 */
export async function loadGraphView(source: UiSource, selection: string): Promise<GraphView> {
  const { graph, state } = source;
  const keys = graph.select(selection.trim() === "" ? "*" : selection);
  const now = source.now();
  const latest = await state.latestMaterialisations(keys);
  const published = new Map<string, PublishedVersion[]>();
  for (const key of new Set([...keys, ...keys.flatMap((k) => graph.parents(k))])) published.set(key, await state.publishedVersions(key));
  const waiting = await state.waitingMaterialisations();
  const running = (await state.listRuns({ limit: 20 })).filter((r) => r.status === "running").length;
  const chosen = new Set(keys);
  const edges = keys.flatMap((k) => graph.parents(k).filter((p) => chosen.has(p)).map((p) => ({ from: p, to: k })));
  const layout = layoutGraph(keys.map((key) => ({ key, width: NODE_WIDTH, height: NODE_HEIGHT, column: TIERS.indexOf(graph.get(key).tier) })), edges);
  const nodes: GraphNodeView[] = [];
  for (const placed of layout.nodes) {
    const node = graph.get(placed.key);
    const last = latest.get(placed.key);
    const checks = last === undefined ? [] : await state.checkResults(placed.key);
    const count = (...statuses: string[]) => checks.filter((c) => statuses.includes(c.status)).length;
    const versions = published.get(placed.key) ?? [];
    const verdict = assetHealth(graph, placed.key, published, {
      latest: last,
      checks,
      waiting: waitingSummary(node, waiting, source.landingDir),
      freshness: assetFreshness(node, versions, now),
    });
    nodes.push({
      ...placed,
      tier: node.tier,
      kind: node.kind,
      health: verdict.health,
      reason: verdict.reason,
      lastStatus: last?.status ?? null,
      lastAt: (last?.finishedAt ?? last?.startedAt)?.toISOString() ?? null,
      publishedPartitions: versions.length,
      checks: { passed: count("pass"), warned: count("warn"), failed: count("fail", "error") },
    });
  }
  return { environment: source.environment, selection, generatedAt: now.toISOString(), width: layout.width, height: layout.height, nodes, edges: layout.edges, running };
}
