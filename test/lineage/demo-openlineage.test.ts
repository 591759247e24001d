import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logFiles } from "../../runtime/logs/log-partitions.ts";
import type { RunEvent } from "../../runtime/lineage/run-event.ts";
import { materialisedPlatform, LEFT_OUT } from "../ui/materialised-platform.ts";
import type { TempWorkspace } from "../support/temp-workspace.ts";
import { openLineageValidator } from "./openlineage-schemas.ts";

let ws: TempWorkspace;
let events: RunEvent[];
let logsDir: string;

beforeAll(async () => {
  ({ ws } = await materialisedPlatform(2));
  logsDir = join(ws.root, ".lakeform", "dev", "logs");
  events = logFiles(logsDir, "openlineage").flatMap((file) => readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as RunEvent));
}, 240_000);

afterAll(() => ws?.remove());

const outputFacet = (event: RunEvent, name: string) => event.outputs[0]?.facets[name] as Record<string, unknown> | undefined;

describe("OpenLineage events of the demo, in the logs tier", () => {
  it("validate, every one and every facet, against the official 2-0-2 schemas", () => {
    const validator = openLineageValidator();
    expect(events.length).toBeGreaterThan(20);
    const problems = events.flatMap((event, n) => validator.problems(event).map((p) => `event ${n} (${event.eventType} ${event.job.name}): ${p}`));
    expect(problems).toEqual([]);
    // Each facet Lakeform emits was checked against a schema of its own.
    const used = new Set(events.flatMap((e) => [e.run.facets, e.job.facets, ...e.inputs.flatMap((i) => [i.facets, i.inputFacets ?? {}]), ...e.outputs.flatMap((o) => [o.facets, o.outputFacets ?? {}])].flatMap((f) => Object.values(f).map((x) => x._schemaURL.split("#")[0]))));
    // All but the error message, which only failed runs carry (see failed-run-lineage.test.ts).
    expect([...used].sort()).toEqual(validator.facetSchemas.filter((id) => !id.endsWith("/ErrorMessageRunFacet.json")).sort());
  });

  it("are partitioned by date: logs/openlineage/dt=YYYY-MM-DD/<run>.jsonl, each event in the partition of its time", () => {
    for (const file of logFiles(logsDir, "openlineage")) {
      const day = /dt=(\d{4}-\d{2}-\d{2})/.exec(file)?.[1];
      for (const line of readFileSync(file, "utf8").trim().split("\n")) expect((JSON.parse(line) as RunEvent).eventTime.slice(0, 10)).toBe(day);
    }
  });

  it("start and end every materialisation once, under one run id, with the Lakeform run as parent", () => {
    const byRun = new Map<string, RunEvent[]>();
    for (const e of events) byRun.set(e.run.runId, [...(byRun.get(e.run.runId) ?? []), e]);
    for (const [runId, list] of byRun) {
      expect(list.map((e) => e.eventType), runId).toEqual(["START", "COMPLETE"]);
    }
    const parents = new Set(events.map((e) => JSON.stringify(e.run.facets.parent)));
    expect(parents.size).toBe(1);
    expect(new Set(events.map((e) => e.job.namespace))).toEqual(new Set(["lakeform://dev"]));
    // Every asset of the platform but the one left out ran.
    expect(events.some((e) => e.job.name === LEFT_OUT)).toBe(false);
    expect(new Set(events.map((e) => e.job.name)).size).toBe(13);
  });

  it("carry curated/daily_revenue's column lineage back to clean/orders on its COMPLETE event, with its checks, statistics and nominal time", () => {
    const complete = events.filter((e) => e.job.name === "curated/daily_revenue" && e.eventType === "COMPLETE");
    expect(complete.length).toBe(2);
    const [event] = complete as [RunEvent];
    const orders = event.inputs.find((i) => i.name.endsWith("/clean/orders"));
    expect(orders?.namespace).toBe("file");
    const fields = (outputFacet(event, "columnLineage")?.fields ?? {}) as Record<string, { inputFields: { namespace: string; name: string; field: string }[] }>;
    expect(fields.net_revenue?.inputFields.map((f) => [f.namespace, f.name, f.field]).sort()).toEqual([
      ["file", orders?.name, "is_paid"],
      ["file", orders?.name, "net_amount"],
    ]);
    const assertions = (outputFacet(event, "dataQualityAssertions")?.assertions ?? []) as { assertion: string; success: boolean; column?: string }[];
    expect(assertions.find((a) => a.assertion.includes("net_revenue"))).toMatchObject({ column: "net_revenue", success: true });
    const stats = event.outputs[0]?.outputFacets?.outputStatistics as unknown as { rowCount: number; size: number; fileCount: number };
    expect(stats.rowCount).toBe(1);
    expect(stats.size).toBeGreaterThan(0);
    const nominal = event.run.facets.nominalTime as unknown as { nominalStartTime: string; nominalEndTime: string };
    expect(Date.parse(nominal.nominalEndTime) - Date.parse(nominal.nominalStartTime)).toBe(86_400_000);
    expect((event.job.facets.sql as unknown as { query: string }).query).toContain('"clean"."orders"');
    expect((outputFacet(event, "ownership")?.owners as { name: string }[]).map((o) => o.name)).toEqual(["team:analytics", "finance@tinybasket.example"]);
    // Inputs carry their latest profile.
    expect(((orders?.inputFacets?.dataQualityMetrics as { rowCount: number } | undefined)?.rowCount ?? 0)).toBeGreaterThan(0);
  });

  it("mark personal data in schema and tags facets", () => {
    const customers = events.find((e) => e.job.name === "clean/customers" && e.eventType === "COMPLETE");
    const tags = (outputFacet(customers as RunEvent, "tags")?.tags ?? []) as { key: string; value: string; field?: string }[];
    expect(tags.filter((t) => t.key === "pii" && t.field !== undefined).map((t) => `${t.field}:${t.value}`).sort()).toEqual(["email:email", "phone:phone"]);
  });
});
