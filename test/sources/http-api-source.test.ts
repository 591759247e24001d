import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildAssetGraph, col, env, httpApi, source, type HttpApiSourceOptions } from "lakeform";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import { lookAtSource } from "../../runtime/sources/look-at-source.ts";
import { SqliteStateStore } from "../../runtime/state/sqlite/sqlite-state-store.ts";
import type { StateStore } from "../../runtime/state/state-store.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { ApiServer, instantClock, type Answer, type SeenRequest } from "./api-server.ts";

const TOKEN = "tok-3f9a-secret";
const columns = { id: col.int64(), email: col.string().pii("email", "mask"), total: col.decimal(10, 2), placed_at: col.timestamp() };
const customersSource = (url: string, options: Partial<HttpApiSourceOptions> = {}) =>
  source("raw/api_orders", { owners: ["team:shop"], from: httpApi({ url, records: "data", token: env("LAKEFORM_TEST_API_TOKEN"), ...options }), columns });
const order = (id: number, extra: Record<string, unknown> = {}) => ({ id, email: `buyer${id}@example.com`, total: `${id}.50`, placed_at: `2024-05-01T10:0${id % 10}:00Z`, ...extra });

let server: ApiServer | undefined;
let dir: string;
let state: StateStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "lakeform-http-source-"));
  state = await SqliteStateStore.open(":memory:");
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await state.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the scripted API and extracts the source once through the source seam, with an instant clock. */
async function extract(answer: (request: SeenRequest, index: number) => Answer, options: Partial<HttpApiSourceOptions> = {}) {
  server = await ApiServer.start(answer);
  const definition = customersSource(`${server.url}/v1/orders`, options);
  const node = buildAssetGraph([definition]).get(definition.key);
  if (node.compute.kind !== "ingest") throw new Error("a source");
  const clock = instantClock("2024-05-01T12:00:00Z");
  const look = lookAtSource({ node, from: node.compute.from, window: undefined, landingDir: dir, ledger: state, piiKey: undefined, now: clock.now, environment: { LAKEFORM_TEST_API_TOKEN: TOKEN }, apiClock: clock });
  return { look, clock, server };
}
const linesOf = (path: string) => readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

describe("an HTTP API source", () => {
  it("follows a cursor through pages, waits as Retry-After says on a 429 and backs off on a 503, at its rate limit", async () => {
    const { look, clock } = await extract(
      (r, i) => {
        if (i === 0) return { status: 429, headers: { "retry-after": "7" }, body: { error: "slow down" } };
        if (i === 2) return { status: 503, body: "unavailable" };
        if (r.query.cursor === undefined) return { body: { data: [order(1), order(2)], meta: { next_cursor: "c2" } } };
        return { body: { data: [order(3)], meta: { next_cursor: null } } };
      },
      { pagination: { kind: "cursor", param: "cursor", next: "meta.next_cursor" }, requestsPerSecond: 2 },
    );
    const found = await look;
    expect(server?.requests.map((r) => r.query.cursor ?? "-")).toEqual(["-", "-", "c2", "c2"]);
    expect(server?.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // 7s as Retry-After asked, the rate limit's 500ms before the next page, 1s of backoff after the 503.
    expect(clock.slept).toEqual([7000, 500, 1000]);
    const [file] = found.files;
    expect(linesOf(file?.path ?? "")).toEqual([
      { id: 1, email: "b***@example.com", total: "1.50", placed_at: "2024-05-01T10:01:00Z" },
      { id: 2, email: "b***@example.com", total: "2.50", placed_at: "2024-05-01T10:02:00Z" },
      { id: 3, email: "b***@example.com", total: "3.50", placed_at: "2024-05-01T10:03:00Z" },
    ]);
    expect(await state.sourceBatches("raw/api_orders")).toMatchObject([{ mode: "snapshot", rows: 3 }]);
  });

  it("spaces requests to the rate limit", async () => {
    const { look, clock } = await extract((r) => ({ body: { data: Number(r.query.page ?? "1") <= 3 ? [order(Number(r.query.page ?? "1"))] : [] } }), { pagination: { kind: "page", param: "page" }, requestsPerSecond: 4 });
    expect((await look).files).toHaveLength(1);
    expect(server?.requests.map((r) => r.query.page ?? "1")).toEqual(["1", "2", "3", "4"]);
    expect(clock.slept).toEqual([250, 250, 250]);
  });

  it("pages by offset and by Link headers", async () => {
    const offset = await extract((r) => ({ body: { data: Number(r.query.offset) < 4 ? [order(Number(r.query.offset) + 1), order(Number(r.query.offset) + 2)] : [order(9)] } }), { pagination: { kind: "offset", param: "offset", limitParam: "limit", limit: 2 }, requestsPerSecond: 1000 });
    expect(linesOf((await offset.look).files[0]?.path ?? "").map((r) => r.id)).toEqual([1, 2, 3, 4, 9]);
    expect(server?.requests.map((r) => `${r.query.offset}/${r.query.limit}`)).toEqual(["0/2", "2/2", "4/2"]);
    await server?.close();

    const linked = await extract(
      (r) => (r.path === "/v1/orders" ? { body: { data: [order(1)] }, headers: { link: '</v1/orders/p2?x=1>; rel="next", </v1/orders>; rel="first"' } } : { body: { data: [order(2)] }, headers: { link: '</v1/orders>; rel="first"' } }),
      { pagination: { kind: "link" }, requestsPerSecond: 1000 },
    );
    expect(linesOf((await linked.look).files[0]?.path ?? "").map((r) => r.id)).toEqual([1, 2]);
    expect(server?.requests.map((r) => r.path)).toEqual(["/v1/orders", "/v1/orders/p2"]);
  });

  it("gives up on a request that never answers after its retries, saying so", async () => {
    const { look } = await extract(() => "hang", { timeout: "150ms", maxRetries: 1 });
    await expect(look).rejects.toThrow(/^Asset "raw\/api_orders": page 1 \(http:\/\/127\.0\.0\.1:\d+\/v1\/orders\): no answer within 150ms, after 2 attempts\. Fix: check that the API is up and reachable, or raise timeout\/maxRetries; nothing was ingested\.$/);
    expect(server?.requests).toHaveLength(2);
  });

  it("does not wait past its time budget, nor retry more than it may", async () => {
    const budget = await extract(() => ({ status: 429, headers: { "retry-after": "3600" } }), { maxDuration: "10m" });
    await expect(budget.look).rejects.toThrow("page 1 (" + `${server?.url}/v1/orders` + "): HTTP 429, and waiting 1h more would pass the extraction's time budget. Fix: raise maxDuration, or lower the request rate; nothing was ingested.");
    await server?.close();
    const tries = await extract(() => ({ status: 500, body: "boom" }), { maxRetries: 2 });
    await expect(tries.look).rejects.toThrow(`page 1 (${server?.url}/v1/orders): HTTP 500, after 3 attempts: boom. Fix: check the URL and the API's status; nothing was ingested.`);
    expect(tries.clock.slept).toEqual([1000, 2000]);
    expect(server?.requests).toHaveLength(3);
  });

  it("refuses a malformed page, a page without records and a schema change that drops a required column, landing nothing", async () => {
    const malformed = await extract((r) => (r.query.page === "2" ? { body: '{"data": [{"id": 3,' } : { body: { data: [order(1)] } }), { pagination: { kind: "page", param: "page" }, requestsPerSecond: 1000 });
    await expect(malformed.look).rejects.toThrow(/^Asset "raw\/api_orders": page 2 is not valid JSON \(.+\)\. Fix: check the API's answer for that page; nothing was ingested\.$/);
    await server?.close();
    const noRecords = await extract(() => ({ body: { items: [] } }));
    await expect(noRecords.look).rejects.toThrow('Asset "raw/api_orders": page 1 has no records array at "data". Fix: set records to the path of the array in the API\'s answer; nothing was ingested.');
    await server?.close();
    const changed = await extract(() => ({ body: { data: [order(1), { id: 2, email: "x@example.com", amount: "2.00", placed_at: "2024-05-01T10:00:00Z" }, "oops"] } }));
    await expect(changed.look).rejects.toThrow('Asset "raw/api_orders": page 1 does not match the declared columns: record 2: required column "total" is missing or null; record 3: it is not a JSON object. Fix: declare the columns as the API sends them (or .nullable()); nothing was ingested.');
    expect(await state.sourceBatches("raw/api_orders")).toEqual([]);
    expect(readdirSync(join(dir, ".lakeform", "extracts", "raw", "api_orders"))).toEqual([]);
  });

  it("names the secret when the API refuses the token, never the token", async () => {
    const { look } = await extract(() => ({ status: 401, body: { error: "bad token" } }));
    const error = await look.then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toBe(`Asset "raw/api_orders": page 1 (${server?.url}/v1/orders): the API refused the request (HTTP 401). Fix: check the token in LAKEFORM_TEST_API_TOKEN; nothing was ingested.`);
    expect(error?.message).not.toContain(TOKEN);
  });

  it("lands through the run path like a file: types at the door, PII treated, a new field reported as schema drift", async () => {
    server = await ApiServer.start(() => ({ body: { data: [order(1, { coupon: "SPRING" }), order(2)] } }));
    const definition = customersSource(`${server.url}/v1/orders`);
    const graph = buildAssetGraph([definition]);
    process.env.LAKEFORM_TEST_API_TOKEN = TOKEN;
    const runtime = await openRuntime(graph, workspaceOf({ environment: "dev", cwd: dir }), runtimeConfigFrom({}), () => new Date("2024-05-01T12:00:00Z"), { environment: process.env });
    try {
      const report = await executePlan(runtime, planMaterialization(graph, definition.key, [definition.key], { kind: "all" }, new Date("2024-05-01T12:00:00Z")), silentReporter);
      expect(report.results[0]).toMatchObject({ status: "published", rows: 2 });
      expect(report.results[0]?.checks.find((c) => c.check === "schema_drift")).toMatchObject({ status: "warn", message: "schema drift: unexpected coupon" });
      const [version] = await runtime.state.publishedVersions(definition.key);
      expect(version?.rows).toBe(2);
      // An unchanged API lands the same batch again.
      await executePlan(runtime, planMaterialization(graph, definition.key, [definition.key], { kind: "all" }, new Date("2024-05-01T13:00:00Z")), silentReporter);
      expect(await runtime.state.sourceBatches(definition.key)).toHaveLength(1);
    } finally {
      delete process.env.LAKEFORM_TEST_API_TOKEN;
      await runtime.close();
    }
  });
});
