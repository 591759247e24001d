import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WebhookRecorder } from "../support/webhook-recorder.ts";
import { TempWorkspace } from "../support/temp-workspace.ts";

const CATALOG = join(process.cwd(), "test/fixtures/catalogs/scheduled.ts");

interface Decision {
  asset: string;
  partition: string;
  action: string;
  trigger: string;
  reason: string;
}
interface TickJson {
  decisions: Decision[];
  run: { results: { key: string; partition: string; status: string }[] } | null;
  alerts: { asset: string; kind: string; level: string; change: string }[];
}

let ws: TempWorkspace;
const hook = new WebhookRecorder();
beforeAll(() => hook.start());
afterAll(() => hook.stop());
beforeEach(() => {
  ws = new TempWorkspace(CATALOG);
  hook.clear();
});
afterEach(() => ws.remove());

function tickAt(now: string): Promise<TickJson> {
  return ws.tick<TickJson>(now, { LAKEFORM_ALERT_WEBHOOK: hook.url() });
}
/** Every Parquet file under `dir`, as absolute paths. */
function dataFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".parquet")).map((f) => join(dir, f));
}
const launched = (t: TickJson, asset?: string) => t.decisions.filter((d) => d.action === "launch" && (asset === undefined || d.asset === asset));

describe("lakeform tick", () => {
  it("catches up missing partitions after downtime, bounded per tick, oldest first", async () => {
    const first = await tickAt("2024-04-05T12:00:00Z");
    const nightly = launched(first, "clean/nightly");
    expect(nightly.map((d) => d.partition)).toEqual(["2024-03-20", "2024-03-21", "2024-03-22", "2024-03-23", "2024-03-24", "2024-03-25", "2024-03-26", "2024-03-27", "2024-03-28", "2024-03-29"]);
    expect(nightly[0]?.reason).toBe("partition 2024-03-20 was never published (16 missing; catching up 10 per tick, oldest first)");
    const second = await tickAt("2024-04-05T12:01:00Z");
    const rest = ["2024-03-30", "2024-03-31", "2024-04-01", "2024-04-02", "2024-04-03", "2024-04-04"];
    expect(launched(second, "clean/nightly").map((d) => d.partition)).toEqual(rest);
    // The eager child was built in the same runs as its parent: nothing new to follow.
    expect(launched(second, "curated/daily_totals").map((d) => `${d.partition} ${d.trigger}`)).toEqual(rest.map((p) => `${p} catch-up`));
    const third = await tickAt("2024-04-05T12:02:00Z");
    expect(launched(third)).toEqual([]);
    expect(JSON.parse((await ws.lakeform(["query", "select count(*) as n from curated.daily_totals", "--json"])).stdout)).toEqual([{ n: "16" }]);
  });

  it("launches an eager asset when its upstream publishes a new version", async () => {
    await tickAt("2024-04-05T12:00:00Z");
    await tickAt("2024-04-05T12:01:00Z");
    const published = await ws.lakeform(["materialize", "clean/nightly", "--partition", "2024-04-01"]);
    expect(published.code).toBe(0);
    const after = await tickAt(new Date(Date.now() + 60_000).toISOString());
    const eager = launched(after, "curated/daily_totals").find((d) => d.partition === "2024-04-01");
    expect(eager).toMatchObject({ trigger: "eager" });
    expect(eager?.reason).toMatch(/^upstream "clean\/nightly" 2024-04-01 published version v-/);
  });

  it("launches a Paris cron once from one tick across the spring DST change (the cron maths: cron-ticks.test.ts)", async () => {
    await tickAt("2024-03-30T12:00:00Z");
    const tick = await tickAt("2024-03-31T12:00:00Z");
    // 02:30 Paris does not exist on 31 March: the cron runs at 03:30 CEST (01:30Z), for the day that closed.
    expect(launched(tick, "clean/nightly").filter((d) => d.trigger === "schedule")).toEqual([
      expect.objectContaining({ partition: "2024-03-30", reason: expect.stringMatching(/^cron "30 2 \* \* \*" \(Europe\/Paris\) ticked at 2024-03-31T01:30:00\.000Z(;|$)/) as unknown as string }),
    ]);
    expect(tick.run?.results.find((r) => r.key === "clean/nightly" && r.partition === "2024-03-30")?.status).toBe("published");
  });

  it("launches an asset without a schedule when its freshness policy is about to be violated", async () => {
    const first = await tickAt("2024-04-05T12:00:00Z");
    expect(launched(first, "clean/snapshot")[0]?.reason).toBe("freshness UNKNOWN: never published (failAfter 2h)");
    expect(launched(await tickAt("2024-04-05T12:30:00Z"), "clean/snapshot")).toEqual([]);
    expect(launched(await tickAt("2024-04-05T13:01:00Z"), "clean/snapshot")[0]?.reason).toBe("freshness WARN: last published 1h1m ago (failAfter 2h)");
  });

  it("retries a failure with backoff up to its maximum and alerts once per change of state", async () => {
    const first = await tickAt("2024-04-05T12:00:30Z");
    expect(launched(first, "clean/flaky")).toEqual([]);
    const failing = await tickAt("2024-04-05T13:00:10Z");
    expect(failing.run?.results.find((r) => r.key === "clean/flaky")?.status).toBe("failed");
    expect(failing.alerts.filter((a) => a.asset === "clean/flaky")).toEqual([expect.objectContaining({ kind: "run", level: "fail", change: "raised" })]);
    expect(launched(await tickAt("2024-04-05T13:00:20Z"), "clean/flaky")).toEqual([]);
    const retry1 = await tickAt("2024-04-05T13:02:00Z");
    expect(launched(retry1, "clean/flaky")[0]).toMatchObject({ trigger: "retry" });
    expect(launched(retry1, "clean/flaky")[0]?.reason).toMatch(/^retry 1 of 2 after failure at 2024-04-05T13:00:10.000Z \(backoff [0-9ms]+\): Asset "clean\/flaky": its SQL failed/);
    expect(retry1.alerts.filter((a) => a.asset === "clean/flaky")).toEqual([]);
    const retry2 = await tickAt("2024-04-05T13:10:00Z");
    expect(launched(retry2, "clean/flaky")[0]?.reason).toMatch(/^retry 2 of 2/);
    expect(launched(await tickAt("2024-04-05T13:40:00Z"), "clean/flaky")).toEqual([]);
    const hookTexts = hook.bodies.map((b) => (JSON.parse(b) as { text: string }).text).join("\n");
    expect(hookTexts.match(/clean\/flaky — run FAIL/g)).toHaveLength(1);
  });

  it("defers launches beyond the concurrency limits, and says so", async () => {
    const { stdout } = await ws.lakeform(["tick", "--now", "2024-04-05T12:00:00Z", "--json"], { LAKEFORM_MAX_RUNS: "0" });
    const decisions = (JSON.parse(stdout) as TickJson).decisions;
    expect(decisions.length).toBeGreaterThan(0);
    expect(decisions.every((d) => d.action === "deferred" && d.reason.endsWith("deferred: 0 runs already going on"))).toBe(true);
    const later = await tickAt("2024-04-05T12:01:00Z");
    expect(launched(later).length).toBe(decisions.length);
  });

  it("explains with why what it decided and what an asset waits for", async () => {
    await tickAt("2024-04-05T12:00:00Z");
    const why = await ws.lakeform(["why", "clean/nightly", "--now", "2024-04-05T12:00:00Z"]);
    expect(why.stdout).toContain("clean/nightly: cron 30 2 * * * Europe/Paris; it waits for its next cron tick at 2024-04-06T00:30:00.000Z.");
    expect(why.stdout).toMatch(/launch 2024-03-29 \(catch-up\): partition 2024-03-29 was never published/);
    const eager = await ws.lakeform(["why", "curated/daily_totals", "--now", "2024-04-05T12:00:00Z"]);
    expect(eager.stdout).toContain('it waits for a new version of "clean/nightly"');
  });

  it("gc deletes old history and the files of unpublished versions, and keeps what is published", async () => {
    await tickAt("2024-04-05T12:00:00Z");
    await tickAt("2024-04-05T13:00:10Z");
    // Rebuilding a partition supersedes the version the tick published: its file is now unpublished.
    expect((await ws.lakeform(["materialize", "clean/nightly", "--partition", "2024-04-01"])).code).toBe(0);
    const [current, superseded] = JSON.parse((await ws.lakeform(["history", "clean/nightly", "--partition", "2024-04-01", "--json"])).stdout) as { status: string; files: string[] }[];
    expect([current?.status, superseded?.status]).toEqual(["published", "superseded"]);
    const dataFile = (key: string) => join(ws.root, ".lakeform/dev", key);
    const before = dataFiles(join(ws.root, ".lakeform/dev"));
    expect(superseded?.files.length).toBe(1);
    expect(superseded?.files.every((f) => existsSync(dataFile(f)))).toBe(true);

    const gc = JSON.parse((await ws.lakeform(["gc", "--older-than", "1s", "--json"])).stdout) as { runs: number; materialisations: number; decisions: number; files: number; orphans: number };
    expect(gc.materialisations).toBeGreaterThan(0);
    expect(gc.decisions).toBeGreaterThan(0);
    // Exactly the files gc counted are gone from disk: the superseded version's among them; the published ones stay.
    const gone = before.filter((f) => !existsSync(f));
    expect(gone.length).toBe(gc.files + gc.orphans);
    expect(superseded?.files.every((f) => !existsSync(dataFile(f)))).toBe(true);
    expect(current?.files.every((f) => existsSync(dataFile(f)))).toBe(true);
    expect(JSON.parse((await ws.lakeform(["query", "select count(*) as n from clean.nightly", "--json"])).stdout)).toEqual([{ n: "16" }]);
  });
});
