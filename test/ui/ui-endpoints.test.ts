import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import platform from "../../assets/index.ts";
import { compile } from "../../infra/plan/compile.ts";
import { readStackFile } from "../../infra/plan/read-stack-file.ts";
import { buildAssetGraph } from "../../runtime/core/graph/build-asset-graph.ts";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { openRuntime, type OpenRuntime } from "../../runtime/run/open-runtime.ts";
import { startUiServer, type UiServer } from "../../runtime/ui/ui-server.ts";
import { UiBindError } from "../../runtime/ui/bind-host.ts";
import type { UiSource } from "../../runtime/ui/ui-source.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import type { TempWorkspace } from "../support/temp-workspace.ts";
import { LEFT_OUT, materialisedPlatform } from "./materialised-platform.ts";

const graph = buildAssetGraph(platform);
let ws: TempWorkspace;
let runtime: OpenRuntime;
let source: UiSource;
let server: UiServer;
let last: string;

/** One HTTP request to the server on 127.0.0.1: status, headers and body. */
function call(path: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, method: options.method ?? "GET", headers: options.host === undefined ? {} : { host: options.host }, timeout: 10_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`${path}: no answer within 10 s`)));
    req.on("error", reject);
    req.end(options.method === "POST" || options.method === "PUT" ? "{}" : undefined);
  });
}
const getJson = async <T>(path: string): Promise<T> => {
  const res = await call(path);
  expect(res.status, res.body).toBe(200);
  expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
  return JSON.parse(res.body) as T;
};

interface GraphJson { nodes: { key: string; tier: string; health: string; x: number; y: number; checks: { passed: number } }[]; edges: { from: string; to: string; points: unknown[] }[]; healths: string[] }

beforeAll(async () => {
  ({ ws, last } = await materialisedPlatform());
  const env = { LAKEFORM_LANDING_DIR: ws.landing, LAKEFORM_PII_KEY: "test-pii-key-0123456789" };
  const config = runtimeConfigFrom(env);
  runtime = await openRuntime(graph, workspaceOf({ environment: "dev", cwd: ws.root, home: config.home, landingDir: config.landingDir }), config);
  const plan = compile(graph, readStackFile(ws.root, "dev"));
  source = { graph, state: runtime.state, landingDir: runtime.landingDir, environment: "dev", now: () => new Date(), plan: () => plan };
  server = await startUiServer(source, { port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await runtime?.close();
  ws?.remove();
});

describe("the UI's JSON endpoints over HTTP, on a materialised example platform", () => {
  it("serves on 127.0.0.1 by default", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it("lays out every asset left to right by tier, each with a health", async () => {
    const g = await getJson<GraphJson>("/api/graph");
    expect(g.nodes.map((n) => n.key).sort()).toEqual(graph.keys.slice().sort());
    expect(g.nodes).toHaveLength(14);
    for (const n of g.nodes) expect(g.healths).toContain(n.health);
    const x = (tier: string) => g.nodes.filter((n) => n.tier === tier).map((n) => n.x);
    expect(Math.max(...x("raw"))).toBeLessThan(Math.min(...x("clean")));
    expect(Math.max(...x("clean"))).toBeLessThan(Math.min(...x("curated")));
    const byKey = new Map(g.nodes.map((n) => [n.key, n]));
    expect(byKey.get(LEFT_OUT)?.health).toBe("never");
    expect(byKey.get("curated/daily_revenue")?.health).not.toBe("never");
    expect(byKey.get("raw/orders")?.checks.passed).toBeGreaterThan(0);
    expect(g.edges).toContainEqual(expect.objectContaining({ from: "clean/orders", to: "curated/daily_revenue" }));
    for (const e of g.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  it("filters the graph by selection syntax, and says what is wrong with a bad selection", async () => {
    const g = await getJson<GraphJson>(`/api/graph?select=${encodeURIComponent("+curated/daily_revenue")}`);
    expect(g.nodes.map((n) => n.key).sort()).toEqual(graph.select("+curated/daily_revenue").sort());
    const bad = await call(`/api/graph?select=${encodeURIComponent("curated/daily_revenu")}`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toContain("curated/daily_revenue");
  });

  it("shows an asset: columns with PII marks, partitions, checks with history, profile, freshness, downstream and cost", async () => {
    interface AssetJson {
      asset: { columns: { name: string; type: string; pii?: { kind: string } }[] };
      partitions: { partition: string; status: string; rows: number | null }[];
      checks: { check: string; status: string }[];
      checkHistory: { check: string; statuses: unknown[]; chart: string }[];
      rowsChart: string;
      profile: { rows: number; columns: { name: string }[] } | null;
      freshness: { overall: { state: string } };
      downstream: string[];
      cost: { monthlyUsd: number; items: unknown[] } | null;
    }
    const a = await getJson<AssetJson>(`/api/asset?key=${encodeURIComponent("curated/daily_revenue")}`);
    expect(a.asset.columns.map((c) => c.name)).toEqual(Object.keys(graph.get("curated/daily_revenue").columns));
    const expected = runtime.state.publishedVersions("curated/daily_revenue");
    const published = new Map((await expected).map((v) => [v.partition, v.rows]));
    const cells = a.partitions.filter((p) => p.status === "published");
    expect(cells.map((p) => p.partition)).toEqual([...published.keys()].sort());
    expect(cells.map((p) => p.rows)).toEqual([...published.keys()].sort().map((k) => published.get(k)));
    expect(a.partitions.at(-1)?.partition).toBe(last);
    const stored = await runtime.state.checkResults("curated/daily_revenue");
    expect(a.checks.map((c) => [c.check, c.status]).sort()).toEqual(stored.map((c) => [c.check, c.status]).sort());
    expect(a.checks.length).toBeGreaterThan(0);
    expect(a.checkHistory.map((h) => h.check).sort()).toEqual([...new Set(stored.map((c) => c.check))].sort());
    expect(a.checkHistory[0]?.chart).toMatch(/^<svg /);
    expect(a.rowsChart).toContain("<polyline");
    expect(a.profile?.columns.length).toBeGreaterThan(0);
    expect(["PASS", "WARN", "FAIL", "UNKNOWN", "NOT_APPLICABLE"]).toContain(a.freshness.overall.state);
    expect(a.downstream).toEqual(graph.downstream("curated/daily_revenue"));
    const cost = source.plan()?.cost.perAsset.find((c) => c.asset === "curated/daily_revenue");
    expect(a.cost?.monthlyUsd).toBe(cost?.monthlyUsd);

    const customers = await getJson<AssetJson>(`/api/asset?key=${encodeURIComponent("clean/customers")}`);
    expect(customers.asset.columns.find((c) => c.name === "email")?.pii?.kind).toBe("email");
  });

  it("masks PII columns in failing-row samples", async () => {
    const keys = graph.keys.filter((k) => Object.values(graph.get(k).columns).some((c) => c.pii !== undefined));
    let seen = 0;
    for (const key of keys) {
      const a = await getJson<{ checks: { failingSample: Record<string, unknown>[] }[] }>(`/api/asset?key=${encodeURIComponent(key)}`);
      for (const row of a.checks.flatMap((c) => c.failingSample)) {
        for (const [name, spec] of Object.entries(graph.get(key).columns)) {
          if (spec.pii !== undefined && row[name] !== undefined && row[name] !== null) {
            expect(row[name]).toBe(`‹pii:${spec.pii.kind}›`);
            seen++;
          }
        }
      }
    }
    expect(seen, "the demo's dirt leaves failing rows with PII columns").toBeGreaterThan(0);
  });

  it("shows runs and a run's materialisations, pointing to its log lines", async () => {
    const runs = await getJson<{ id: string; status: string }[]>("/api/runs");
    expect(runs.length).toBeGreaterThan(0);
    const run = await getJson<{ id: string; materialisations: { asset: string }[]; logs: string }>(`/api/run?id=${encodeURIComponent(runs[0]?.id ?? "")}`);
    expect(new Set(run.materialisations.map((m) => m.asset))).toEqual(new Set(graph.keys.filter((k) => k !== LEFT_OUT)));
    expect(run.logs).toBe(`lakeform logs --run ${run.id}`);
  });

  it("shows the plan's cost of the environment", async () => {
    const p = await getJson<{ plan: { totalMonthlyUsd: number; perAsset: { asset: string }[] } }>("/api/plan");
    expect(p.plan.totalMonthlyUsd).toBe(source.plan()?.cost.totalMonthlyUsd);
    expect(p.plan.perAsset.length).toBeGreaterThan(0);
  });

  it("answers unknown assets, runs and paths with 404 and the fix", async () => {
    for (const path of ["/api/asset?key=curated%2Fnope", "/api/run?id=nope", "/api/query?sql=select%201", "/etc/passwd"]) {
      const res = await call(path);
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.body).error, path).toMatch(/\. Fix: /);
    }
  });

  it("is read-only: refuses every method but GET and HEAD", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      for (const path of ["/", "/api/graph", "/api/asset?key=raw%2Forders"]) {
        const res = await call(path, { method });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.allow).toBe("GET, HEAD");
      }
    }
    expect((await call("/", { method: "HEAD" })).status).toBe(200);
  });

  it("serves the page from the package with a strict content policy, and only to loopback host names", async () => {
    const page = await call("/");
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/app.js">');
    expect(page.body).not.toMatch(/https?:\/\//);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect((await call("/app.js")).body).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect((await call("/api/graph", { host: "attacker.example:80" })).status).toBe(421);
    expect((await call("/api/graph", { host: `localhost:${server.port}` })).status).toBe(200);
  });
});

describe("serving safely", () => {
  it("refuses a non-loopback address unless the host was given explicitly", async () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.20"]) {
      await expect(startUiServer(source, { host, port: 0 })).rejects.toThrow(UiBindError);
    }
    await expect(startUiServer(source, { host: "0.0.0.0", port: 0 })).rejects.toThrow(
      "The UI would listen on 0.0.0.0, beyond this machine, without --host. Fix: leave the host out to serve on 127.0.0.1, or pass --host 0.0.0.0 explicitly to expose it.",
    );
  });

  it("serves on another loopback address without a warning", async () => {
    const warnings: string[] = [];
    const other = await startUiServer(source, { host: "localhost", port: 0, explicitHost: true, warn: (m) => warnings.push(m) });
    try {
      expect(other.url).toMatch(/^http:\/\/localhost:\d+\/$/);
      expect(warnings).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("tells `lakeform ui` users about a bad port", async () => {
    const res = await ws.lakeform(["ui", "--port", "http"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--port "http" is not a port number. Fix: pass a number from 1 to 65535, or 0 for any free port.');
  });
});
