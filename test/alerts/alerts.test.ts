import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertLevel, Observation } from "../../runtime/alerts/alert.ts";
import { deliverAlerts, sinkRoutes } from "../../runtime/alerts/alert-routes.ts";
import { decideAlerts } from "../../runtime/alerts/decide-alerts.ts";
import { webhookSink } from "../../runtime/alerts/webhook-sink.ts";
import { WebhookRecorder } from "../support/webhook-recorder.ts";

const owners = (asset: string) => (asset.startsWith("curated/") ? ["team:growth"] : ["team:data"]);
const at = new Date("2024-03-01T09:00:00Z");
const observe = (level: AlertLevel, asset = "clean/orders"): Observation => ({ asset, partition: "", kind: "freshness", level, message: `freshness ${level}` });

describe("alert decisions", () => {
  it("alert once per change of state, not once per tick, and on recovery", () => {
    let levels = new Map<string, AlertLevel>();
    const changes: string[] = [];
    for (const level of ["ok", "warn", "warn", "fail", "fail", "fail", "warn", "ok", "ok"] as const) {
      const decided = decideAlerts(levels, [observe(level)], owners, at);
      levels = new Map([...levels, ...decided.levels]);
      changes.push(...decided.alerts.map((a) => `${a.previous}→${a.level} ${a.change}`));
    }
    expect(changes).toEqual(["ok→warn raised", "warn→fail escalated", "fail→warn eased", "warn→ok recovered"]);
  });
});

describe("alert delivery", () => {
  const hook = new WebhookRecorder(["/broken"]);
  beforeAll(() => hook.start());
  afterAll(() => hook.stop());
  const received = () => hook.requests.map((r) => ({ path: r.path, body: JSON.parse(r.body) as { text: string; blocks: { text: { text: string } }[] } }));
  const base = () => hook.url("");

  it("posts Slack-compatible payloads to the owners' webhooks over real HTTP, and reports failing sinks", async () => {
    const routes = sinkRoutes({ owners: { "team:growth": [webhookSink(`${base()}/growth`)] }, fallback: [webhookSink(`${base()}/data`), webhookSink(`${base()}/broken`)] });
    const { alerts } = decideAlerts(new Map(), [observe("fail", "curated/funnel"), observe("warn", "clean/orders")], owners, at);
    const failures = await deliverAlerts(alerts, routes);
    expect(received().map((r) => r.path).sort()).toEqual(["/broken", "/data", "/growth"]);
    const growth = received().find((r) => r.path === "/growth")?.body;
    expect(growth?.text).toBe(":red_circle: curated/funnel — freshness FAIL: freshness fail (owners: team:growth)");
    expect(growth?.blocks[0]?.text.text).toBe(growth?.text);
    expect(received().find((r) => r.path === "/data")?.body.text).toBe(":red_circle: clean/orders — freshness WARN: freshness warn (owners: team:data)");
    expect(failures).toEqual([{ sink: `webhook ${new URL(base()).host}`, error: expect.stringContaining("answered 500") as unknown as string }]);
  });
});
