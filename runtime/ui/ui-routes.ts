import { readFileSync } from "node:fs";
import { SelectionError } from "../core/errors.ts";
import { loadAssetView } from "./asset-view.ts";
import { HEALTHS } from "./asset-health.ts";
import { loadGraphView } from "./graph-view.ts";
import { loadRuns, loadRunView } from "./run-view.ts";
import type { UiSource } from "./ui-source.ts";

/** An answer to a request: status, content type and body. */
export interface UiResponse {
  readonly status: number;
  readonly type: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const STATIC: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

const staticFiles = new Map<string, string>();
function staticFile(name: string): string {
  let text = staticFiles.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./public/${name}`, import.meta.url), "utf8");
    staticFiles.set(name, text);
  }
  return text;
}

const json = (status: number, value: unknown): UiResponse => ({ status, type: "application/json; charset=utf-8", body: JSON.stringify(value) });
const notFound = (what: string, fix: string) => json(404, { error: `${what}. Fix: ${fix}.` });

/** The plan's cost summary for the header: total, platform lines, per asset. */
function planSummary(source: UiSource) {
  const plan = source.plan();
  if (plan === undefined) return { environment: source.environment, plan: null, note: `No Pulumi.${source.environment}.yaml in the project: no plan, no cost estimate.` };
  const { cost } = plan;
  return { environment: source.environment, plan: { totalMonthlyUsd: cost.totalMonthlyUsd, prices: cost.prices, platform: cost.platform, perAsset: cost.perAsset.map((a) => ({ asset: a.asset, monthlyUsd: a.monthlyUsd })), assumptions: cost.assumptions }, note: null };
}

/**
 * Answers one GET request of the UI: the page and its files, and the JSON endpoints
 * `/api/graph?select=`, `/api/asset?key=`, `/api/runs`, `/api/run?id=`, `/api/plan`. Nothing
 * here writes or runs anything; there is no query endpoint.
 */
export async function routeUiRequest(source: UiSource, url: URL): Promise<UiResponse> {
  const file = STATIC[url.pathname];
  if (file !== undefined) return { status: 200, type: file.type, body: staticFile(file.file) };
  switch (url.pathname) {
    case "/favicon.ico":
      return { status: 204, type: "image/x-icon", body: "" };
    case "/api/graph":
      try {
        return json(200, { ...(await loadGraphView(source, url.searchParams.get("select") ?? "*")), healths: HEALTHS });
      } catch (error) {
        if (error instanceof SelectionError) return json(400, { error: error.message });
        throw error;
      }
    case "/api/asset": {
      const key = url.searchParams.get("key") ?? "";
      const view = await loadAssetView(source, key);
      return view === undefined ? notFound(`There is no asset "${key}"`, "pick one on the graph page") : json(200, view);
    }
    case "/api/runs":
      return json(200, await loadRuns(source));
    case "/api/run": {
      const id = url.searchParams.get("id") ?? "";
      const view = await loadRunView(source, id);
      return view === undefined ? notFound(`There is no run "${id}"`, "pick one from /api/runs") : json(200, view);
    }
    case "/api/plan":
      return json(200, planSummary(source));
    default:
      return notFound(`Nothing at ${url.pathname}`, "open / for the graph");
  }
}
