import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import platform from "../../assets/index.ts";
import { buildAssetGraph } from "../../runtime/core/graph/build-asset-graph.ts";
import { HEALTHS } from "../../runtime/ui/asset-health.ts";
import type { TempWorkspace } from "../support/temp-workspace.ts";
import { LEFT_OUT, PLATFORM_CATALOG, materialisedPlatform } from "./materialised-platform.ts";

/** Screenshots are kept here (git-ignored) as test artifacts. */
const ARTIFACTS = join(process.cwd(), "test-results/ui");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const WAIT = { timeout: 20_000 };

let ws: TempWorkspace;
let ui: ChildProcess;
let url: string;
let output = "";
let browser: Browser;
let page: Page;

/** Starts `lakeform ui --port 0` as a user would, and resolves with the address it prints (within 60 s). */
function startUi(): Promise<string> {
  ui = spawn(process.execPath, [join(process.cwd(), "runtime/bin/lakeform.mjs"), "ui", "--port", "0", "--catalog", PLATFORM_CATALOG], {
    cwd: ws.root,
    env: { ...process.env, LAKEFORM_LANDING_DIR: ws.landing, LAKEFORM_PII_KEY: "test-pii-key-0123456789" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lakeform ui printed no address within 60 s: ${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    ui.stdout?.on("data", read);
    ui.stderr?.on("data", read);
    ui.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`lakeform ui exited (${code}) before serving: ${output}`));
    });
  });
}

/** Sends SIGTERM to the UI process this test started and waits (10 s at most) for its exit code. */
function stopUi(): Promise<number | null> {
  if (ui.exitCode !== null) return Promise.resolve(ui.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lakeform ui did not stop within 10 s: ${output}`)), 10_000);
    ui.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    ui.kill("SIGTERM");
  });
}

/** Waits (bounded) until the graph shows exactly `n` nodes. */
async function waitForNodes(n: number): Promise<void> {
  const nodes = page.locator("svg.graph g.node");
  await nodes.nth(n - 1).waitFor({ state: "attached", ...WAIT });
  await nodes.nth(n).waitFor({ state: "detached", ...WAIT });
  expect(await nodes.count()).toBe(n);
}
const healthOf = (key: string) => page.getAttribute(`svg.graph g.node[data-key="${key}"]`, "data-health", WAIT);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ({ ws } = await materialisedPlatform());
  url = await startUi();
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, timeout: 30_000 });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(WAIT.timeout);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (ui !== undefined && ui.exitCode === null) ui.kill("SIGTERM");
  ws?.remove();
});

describe("the UI in headless Chromium, after a demo-like materialisation", () => {
  it("shows the 14 assets of the example platform, each coloured by its health", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url, WAIT);
    await waitForNodes(platform.length);
    // (No string evaluation: the page's content policy forbids it, and the project's types have no DOM library.)
    const nodes = await page.$$eval("svg.graph g.node", (gs) =>
      gs.map((g) => ({ key: g.getAttribute("data-key"), health: g.getAttribute("data-health"), stroke: g.ownerDocument.defaultView?.getComputedStyle(g.querySelector("rect.box") ?? g).stroke })),
    );
    expect(nodes.map((n) => n.key).sort()).toEqual(platform.map((d) => d.key).sort());
    expect(nodes).toHaveLength(14);
    // Each health has its own colour, and a node is drawn in its health's colour.
    const colours: Record<string, string> = await page.$eval(":root", (root, healths) => Object.fromEntries(healths.map((h) => [h, root.ownerDocument.defaultView?.getComputedStyle(root).getPropertyValue(`--${h}`).trim() ?? ""])), [...HEALTHS]);
    expect(new Set(Object.values(colours)).size).toBe(HEALTHS.length);
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
    for (const n of nodes) {
      expect(HEALTHS, `${n.key}`).toContain(n.health);
      expect(n.stroke, `${n.key} is ${n.health}`).toBe(rgb(colours[n.health ?? ""] ?? ""));
    }
    expect(nodes.find((n) => n.key === LEFT_OUT)?.health).toBe("never");
    expect(nodes.filter((n) => n.health !== "never").length).toBe(13);
    await page.screenshot({ path: join(ARTIFACTS, "graph.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("filters the graph by selection syntax", async () => {
    await page.fill("form.filter input", "+curated/daily_revenue");
    await page.click("form.filter button");
    await waitForNodes(9);
    expect(await page.$$eval("svg.graph g.node", (gs) => gs.map((g) => g.getAttribute("data-key")))).toContain("clean/orders");
    await page.fill("form.filter input", "*");
    await page.click("form.filter button");
    await waitForNodes(14);
  });

  it("opens curated/daily_revenue on a click: its checks and its partitions", async () => {
    await page.click('svg.graph g.node[data-key="curated/daily_revenue"]');
    await page.waitForSelector("#checks tr.check", WAIT);
    const checks = await page.$$eval("#checks tr.check", (rows) => rows.map((r) => ({ check: r.getAttribute("data-check"), status: r.getAttribute("data-status") })));
    const declared = buildAssetGraph(platform).get("curated/daily_revenue").checks.map((c) => c.name);
    expect(declared.length).toBeGreaterThan(0);
    expect(checks.map((c) => c.check)).toEqual(expect.arrayContaining(declared));
    for (const c of checks) expect(["pass", "warn", "fail", "error"]).toContain(c.status);
    const cells = await page.$$eval("#partitions .cell", (cs) => cs.map((c) => ({ partition: c.getAttribute("data-partition"), status: c.getAttribute("data-status") })));
    expect(cells.filter((c) => c.status === "published")).toHaveLength(3);
    expect(await page.textContent("h1")).toContain("curated/daily_revenue");
    expect(await page.textContent("#cost")).toMatch(/\$\d+\.\d\d a month/);
    expect(await page.$$eval("#columns tr.column", (rows) => rows.length)).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, "daily-revenue.png"), fullPage: true });
  });

  it("refreshes by itself when new data is published", async () => {
    await page.goto(url, WAIT);
    expect(await healthOf(LEFT_OUT)).toBe("never");
    const { code, stderr } = await ws.lakeform(["materialize", LEFT_OUT]);
    expect(code, stderr).toBe(0);
    await page.locator(`svg.graph g.node[data-key="${LEFT_OUT}"]:not([data-health="never"])`).waitFor(WAIT);
    expect(await healthOf(LEFT_OUT)).not.toBe("never");
  });

  it("stops cleanly on SIGTERM", async () => {
    expect(await stopUi()).toBe(0);
    expect(output).toContain("SIGTERM: UI stopped");
  });
});
