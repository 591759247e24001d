import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import type { RunEvent } from "../../runtime/lineage/run-event.ts";
import { EVENTS_CATALOG, TempWorkspace } from "../support/temp-workspace.ts";
import { openLineageValidator } from "./openlineage-schemas.ts";

const ws = new TempWorkspace(EVENTS_CATALOG);
afterAll(() => ws.remove());

describe("OpenLineage settings", () => {
  it("accept an http(s) endpoint or `console`, and refuse anything else with the fix", () => {
    expect(runtimeConfigFrom({ LAKEFORM_OPENLINEAGE_URL: "console" }).openLineage.url).toBe("console");
    expect(runtimeConfigFrom({ LAKEFORM_OPENLINEAGE_URL: " https://marquez.example:5000 " }).openLineage.url).toBe("https://marquez.example:5000");
    expect(() => runtimeConfigFrom({ LAKEFORM_OPENLINEAGE_URL: "marquez:5000" })).toThrow(ConfigError);
    expect(() => runtimeConfigFrom({ LAKEFORM_OPENLINEAGE_URL: "marquez:5000" })).toThrow(/LAKEFORM_OPENLINEAGE_URL .* is neither an http\(s\) URL nor `console`\. Fix: set it to the endpoint's base URL/);
  });

  it("print events on stderr with `console`, in the namespace LAKEFORM_OPENLINEAGE_NAMESPACE names", async () => {
    ws.land("clicks/1.jsonl", `${JSON.stringify({ click_id: "c1", page: "/", clicked_at: "2024-01-01T10:00:00Z" })}\n`);
    const { code, stderr } = await ws.lakeform(["materialize", "raw/clicks"], { LAKEFORM_OPENLINEAGE_URL: "console", LAKEFORM_OPENLINEAGE_NAMESPACE: "lakeform://staging" });
    expect(code).toBe(0);
    const events = stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as RunEvent);
    expect(events.map((e) => `${e.job.namespace} ${e.job.name} ${e.eventType}`)).toEqual(["lakeform://staging raw/clicks START", "lakeform://staging raw/clicks COMPLETE"]);
    const validator = openLineageValidator();
    expect(events.flatMap((e) => validator.problems(e))).toEqual([]);
  });
});
