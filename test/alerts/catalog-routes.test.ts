import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { alertCommand, alertRoutes, standardOutput, webhook } from "lakeform";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AlertLevel, Observation } from "../../runtime/alerts/alert.ts";
import { deliverAlerts, routesFor } from "../../runtime/alerts/alert-routes.ts";
import { decideAlerts } from "../../runtime/alerts/decide-alerts.ts";
import { alertRoutesProblems, isAlertRoutesSpec } from "../../runtime/core/declare/alert-routes.ts";
import { TempWorkspace } from "../support/temp-workspace.ts";
import { WebhookRecorder } from "../support/webhook-recorder.ts";

const at = new Date("2024-03-01T09:00:00Z");
const owners = (asset: string) => (asset.startsWith("curated/") ? ["team:growth"] : asset.startsWith("shared/") ? ["team:growth", "team:data"] : ["team:data"]);
const observe = (asset: string, level: AlertLevel = "fail"): Observation => ({ asset, partition: "", kind: "freshness", level, message: `freshness ${level}` });
const alertsOf = (...assets: string[]) => decideAlerts(new Map(), assets.map((a) => observe(a)), owners, at).alerts;

const hook = new WebhookRecorder();
beforeAll(() => hook.start());
afterAll(() => hook.stop());
beforeEach(() => hook.clear());
/** Which asset's alerts reached which path, sorted. */
const delivered = () => hook.requests.flatMap((r) => ((JSON.parse(r.body) as { text: string }).text.match(/[a-z]+\/[a-z_]+(?= —)/g) ?? []).map((asset) => `${r.path} ${asset}`)).sort();

describe("alert routes declared in the catalog, merged with the environment", () => {
  it("sends an owner's alerts to its catalog route only, and unrouted alerts to the catalog's fallback and the environment's webhook", async () => {
    const catalog = alertRoutes({ owners: { "team:growth": [webhook(hook.url("/growth"))] }, fallback: [webhook(hook.url("/data"))] });
    const failures = await deliverAlerts(alertsOf("curated/funnel", "clean/orders"), routesFor(catalog, { webhook: hook.url("/env"), command: undefined }));
    expect(failures).toEqual([]);
    expect(delivered()).toEqual(["/data clean/orders", "/env clean/orders", "/growth curated/funnel"]);
  });

  it("posts once to a webhook that several owners of one alert share", async () => {
    const shared = webhook(hook.url("/shared"));
    await deliverAlerts(alertsOf("shared/kpis"), routesFor(alertRoutes({ owners: { "team:growth": [shared], "team:data": [webhook(hook.url("/shared"))] } }), { webhook: undefined, command: undefined }));
    expect(delivered()).toEqual(["/shared shared/kpis"]);
  });

  it("writes to standard output only when neither the catalog nor the environment names a destination", async () => {
    const lines: string[] = [];
    await deliverAlerts(alertsOf("clean/orders"), routesFor(undefined, { webhook: undefined, command: undefined }, (line) => lines.push(line)));
    expect(lines).toEqual([":red_circle: clean/orders — freshness FAIL: freshness fail (owners: team:data)"]);
    lines.length = 0;
    await deliverAlerts(alertsOf("clean/orders"), routesFor(alertRoutes({ fallback: [webhook(hook.url("/data"))] }), { webhook: undefined, command: undefined }, (line) => lines.push(line)));
    expect(lines).toEqual([]);
    expect(delivered()).toEqual(["/data clean/orders"]);
    await deliverAlerts(alertsOf("curated/funnel"), routesFor(alertRoutes({ owners: { "team:growth": [standardOutput()] } }), { webhook: hook.url("/env"), command: undefined }, (line) => lines.push(line)));
    expect(lines).toEqual([":red_circle: curated/funnel — freshness FAIL: freshness fail (owners: team:growth)"]);
  });

  it("declarations are frozen plain data, and wrong destinations are named with their fix", () => {
    const routes = alertRoutes({ owners: { "team:data": [webhook("https://hooks.example.com/x"), alertCommand("./page.sh")] } });
    expect(Object.isFrozen(routes) && Object.isFrozen(routes.owners["team:data"])).toBe(true);
    expect(isAlertRoutesSpec(routes)).toBe(true);
    expect(isAlertRoutesSpec({ owners: {} })).toBe(false);
    expect(alertRoutesProblems(routes)).toEqual([]);
    expect(alertRoutesProblems(alertRoutes({ owners: { "team:data": [webhook("hooks.example.com/x")] }, fallback: [alertCommand(""), { kind: "pager" } as never] }))).toEqual([
      ['the route of "team:data": webhook "hooks.example.com/x" is not an http(s) URL', 'pass the full URL, e.g. webhook("https://hooks.slack.com/services/…")'],
      ["the fallback: the alert command is empty", 'pass a command line, e.g. alertCommand("./page-oncall.sh")'],
      ['the fallback: {"kind":"pager"} is not an alert destination', 'use webhook(url), alertCommand(command) or standardOutput() from "lakeform"'],
    ]);
  });
});

/**
 * A catalog (written to a temporary folder) whose `alerts` export routes team:growth's alerts to
 * `growthHook`; team:data has no route. Two hourly assets, one per team, fail every run.
 */
function routedCatalog(growthHook: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-alert-catalog-"));
  catalogDirs.push(dir);
  const lakeform = pathToFileURL(join(process.cwd(), "runtime/index.ts")).href;
  const file = join(dir, "catalog.ts");
  writeFileSync(
    file,
    `import { alertRoutes, asset, col, cron, sql, webhook } from ${JSON.stringify(lakeform)};
const failing = sql\`select cast(error('the feed is down') as BIGINT) as id\`;
const feed = (key: string, owner: string) => asset(key, { owners: [owner], columns: { id: col.int64() }, compute: failing, schedule: cron("0 * * * *") });
export const alerts = alertRoutes({ owners: { "team:growth": [webhook(${JSON.stringify(growthHook)})] } });
export default [feed("curated/growth_feed", "team:growth"), feed("clean/data_feed", "team:data")];
`,
  );
  return file;
}
const catalogDirs: string[] = [];
afterAll(() => {
  for (const dir of catalogDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("lakeform tick reads the alert routes its catalog exports", () => {
  let ws: TempWorkspace | undefined;
  afterEach(() => ws?.remove());

  it("delivers team:growth's alerts to the catalog's webhook, and team:data's to LAKEFORM_ALERT_WEBHOOK", async () => {
    ws = new TempWorkspace(routedCatalog(hook.url("/growth")));
    const env = { LAKEFORM_ALERT_WEBHOOK: hook.url("/env") };
    expect((await ws.lakeform(["tick", "--now", "2024-04-05T12:00:30Z"], env)).code).toBe(0);
    const failing = await ws.lakeform(["tick", "--now", "2024-04-05T13:00:10Z"], env);
    expect(failing.code, failing.stdout + failing.stderr).toBe(1);
    expect(failing.stdout).toContain("alert raised: curated/growth_feed run fail → team:growth");
    expect(delivered()).toEqual(["/env clean/data_feed", "/growth curated/growth_feed"]);
  });

  it("refuses alert routes that cannot be used, naming each problem and its fix", async () => {
    ws = new TempWorkspace(join(process.cwd(), "test/fixtures/catalogs/bad-alert-routes.ts"));
    const { code, stderr } = await ws.lakeform(["tick", "--now", "2024-04-05T12:00:00Z"]);
    expect(code).toBe(3);
    expect(stderr).toContain('Catalog "');
    expect(stderr).toContain("declares alert routes that cannot be used (2 problems):");
    expect(stderr).toContain(' - the route of "team:data": webhook "hooks.slack.com/services/T0" is not an http(s) URL. Fix: pass the full URL');
    expect(stderr).toContain(" - the fallback: the alert command is empty. Fix: pass a command line");
  });
});
