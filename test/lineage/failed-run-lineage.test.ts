import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../../runtime/lineage/run-event.ts";
import { logFiles } from "../../runtime/logs/log-partitions.ts";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";
import { openLineageValidator } from "./openlineage-schemas.ts";

/** A Marquez-like endpoint on 127.0.0.1: answers 503 to the first `failures` requests, then 201; records what it accepted. */
class LineageEndpoint {
  readonly accepted: RunEvent[] = [];
  readonly paths: string[] = [];
  refused = 0;
  #server: Server | undefined;
  constructor(private failures: number) {}
  async start(): Promise<string> {
    this.#server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        this.paths.push(`${request.method ?? ""} ${request.url ?? ""}`);
        if (this.refused < this.failures) {
          this.refused++;
          response.writeHead(503).end("busy");
          return;
        }
        this.accepted.push(JSON.parse(body) as RunEvent);
        response.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}

const eventsIn = (ws: TempWorkspace): RunEvent[] =>
  logFiles(join(ws.root, ".lakeform", "dev", "logs"), "openlineage").flatMap((file) => readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as RunEvent));

const validator = openLineageValidator();
const workspaces: TempWorkspace[] = [];
const endpoints: LineageEndpoint[] = [];

afterEach(async () => {
  for (const endpoint of endpoints.splice(0)) await endpoint.stop();
});
afterAll(() => {
  for (const ws of workspaces) ws.remove();
});

describe("OpenLineage events of a run that fails its checks, sent over HTTP", () => {
  let ws: TempWorkspace;
  let endpoint: LineageEndpoint;
  let stderr: string;

  beforeAll(async () => {
    ws = new TempWorkspace(EVENTS_CATALOG);
    workspaces.push(ws);
    // A duplicate event id: clean/events' primary key blocks it, and what reads it is skipped.
    ws.land("events/2024-01-01.csv", eventsCsv([["e1", "a@example.com", "+4915112345678", "10.00", "2024-01-01T10:00:00Z"], ["e1", "b@example.com", "", "5.00", "2024-01-01T11:00:00Z"]]));
    endpoint = new LineageEndpoint(2);
    const url = await endpoint.start();
    ({ stderr } = await ws.lakeform(["materialize", "raw/events+", "--from", "2024-01-01", "--to", "2024-01-01"], { LAKEFORM_OPENLINEAGE_URL: url }));
    await endpoint.stop();
  }, 120_000);

  it("validate against the schemas, FAIL with the reason for the blocked asset and ABORT for what it skipped", () => {
    const events = eventsIn(ws);
    expect(events.flatMap((e) => validator.problems(e))).toEqual([]);
    const ends = Object.fromEntries(events.filter((e) => e.eventType !== "START").map((e) => [e.job.name, e.eventType]));
    expect(ends).toMatchObject({ "raw/events": "COMPLETE", "clean/events": "FAIL", "curated/daily_totals": "ABORT" });
    const failed = events.find((e) => e.job.name === "clean/events" && e.eventType === "FAIL");
    expect((failed?.run.facets.errorMessage as unknown as { message: string }).message).toMatch(/^blocked: /);
    const assertions = failed?.outputs[0]?.facets.dataQualityAssertions as unknown as { assertions: { assertion: string; success: boolean; column?: string }[] };
    expect(assertions.assertions.filter((a) => !a.success)).toEqual([{ assertion: "primary_key_unique", success: false, column: "event_id" }]);
  });

  it("reach a Marquez-compatible endpoint (POST /api/v1/lineage) despite its first refusals, every event once", () => {
    expect(endpoint.refused).toBe(2);
    expect(new Set(endpoint.paths)).toEqual(new Set(["POST /api/v1/lineage"]));
    const key = (e: RunEvent) => `${e.run.runId} ${e.eventType}`;
    expect(endpoint.accepted.map(key).sort()).toEqual(eventsIn(ws).map(key).sort());
    expect(stderr).not.toContain("OpenLineage endpoint");
  });
});

describe("an OpenLineage endpoint that never answers well", () => {
  it("is a warning, not a failed run: the run publishes and the logs tier has its events", async () => {
    const ws = new TempWorkspace(EVENTS_CATALOG);
    workspaces.push(ws);
    ws.land("clicks/1.jsonl", `${JSON.stringify({ click_id: "c1", page: "/", clicked_at: "2024-01-01T10:00:00Z" })}\n`);
    const endpoint = new LineageEndpoint(Number.POSITIVE_INFINITY);
    endpoints.push(endpoint);
    const url = await endpoint.start();
    const { code, stderr } = await ws.lakeform(["materialize", "raw/clicks"], { LAKEFORM_OPENLINEAGE_URL: url });
    expect(code).toBe(0);
    expect(stderr).toContain(`OpenLineage endpoint ${url}/api/v1/lineage refused the START event of "raw/clicks" after 3 attempts (HTTP 503)`);
    expect(stderr).toContain(`OpenLineage endpoint ${url}/api/v1/lineage refused the COMPLETE event of "raw/clicks" after 1 attempt (HTTP 503)`);
    // Three attempts for the first event; once the endpoint is known down, one for each next.
    expect(endpoint.refused).toBe(4);
    expect(eventsIn(ws).map((e) => `${e.job.name} ${e.eventType}`)).toEqual(["raw/clicks START", "raw/clicks COMPLETE"]);
  });
});
