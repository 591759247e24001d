import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { TempWorkspace } from "../support/temp-workspace.ts";

const BIN = join(process.cwd(), "runtime/bin/lakeform.mjs");
const run = promisify(execFile);
const workspaces: TempWorkspace[] = [];
afterEach(() => workspaces.splice(0).forEach((w) => w.remove()));

function workspace(catalog: string): TempWorkspace {
  const ws = new TempWorkspace(join(process.cwd(), "test/fixtures/catalogs", catalog));
  workspaces.push(ws);
  return ws;
}
const env = (ws: TempWorkspace) => ({ ...process.env, LAKEFORM_LANDING_DIR: ws.landing, LAKEFORM_PII_KEY: "test-pii-key-0123456789" });

interface Decision {
  asset: string;
  partition: string;
  action: string;
  trigger: string;
}

describe("the scheduler across processes", () => {
  const backends: { name: string; env: () => Record<string, string> }[] = [{ name: "SQLite", env: () => ({}) }];
  const postgresUrl = process.env.LAKEFORM_TEST_POSTGRES_URL;
  if (postgresUrl !== undefined) backends.push({ name: "PostgreSQL", env: () => ({ LAKEFORM_STATE_URL: postgresUrl, LAKEFORM_STATE_SCHEMA: `tick_${process.pid}_${Date.now()}` }) });

  for (const backend of backends) {
    it(`never launches the same (asset, partition, trigger) twice when two ticks run at the same moment (${backend.name})`, async () => {
      const ws = workspace("scheduled.ts");
      const stateEnv = backend.env();
      const tickOnce = () =>
        run(process.execPath, [BIN, "tick", "--now", "2024-04-05T12:00:00Z", "--json", "--catalog", ws.catalog], { cwd: ws.root, env: { ...env(ws), ...stateEnv } }).then(
          (r) => JSON.parse(r.stdout) as { decisions: Decision[] },
          (e: { stdout: string }) => JSON.parse(e.stdout) as { decisions: Decision[] },
        );
      const [a, b] = await Promise.all([tickOnce(), tickOnce()]);
      const all = [...(a?.decisions ?? []), ...(b?.decisions ?? [])];
      const target = (d: Decision) => `${d.asset} ${d.partition} ${d.trigger}`;
      const launches = all.filter((d) => d.action === "launch").map(target);
      expect(new Set(launches).size).toBe(launches.length);
      // Each due launch was made by exactly one tick; the other saw it claimed (or held it back at
      // the engine's concurrency limit while the first was busy). A tick that decided after the other
      // had published goes on catching up further partitions.
      expect(launches.length).toBeGreaterThanOrEqual(21);
      expect(all.filter((d) => d.action !== "launch").every((d) => d.action === "claimed-elsewhere" || d.action === "deferred")).toBe(true);
      const history = JSON.parse((await ws.lakeform(["history", "clean/nightly", "--limit", "100", "--json"], stateEnv)).stdout) as { partition: string; status: string }[];
      const published = history.filter((h) => h.status === "published" || h.status === "superseded").map((h) => h.partition);
      expect(new Set(published).size).toBe(published.length);
      expect(published.length).toBeGreaterThanOrEqual(10);
    }, 60_000);
  }

  for (const backend of backends) {
    it(`launches the partitions of a tick killed with -9 after claiming, exactly once, at the next ticks (${backend.name})`, async () => {
      const ws = workspace("scheduled.ts");
      const stateEnv = backend.env();
      const marker = join(ws.root, "claimed");
      const killed = spawn(process.execPath, [BIN, "tick", "--now", "2024-04-05T12:00:00Z", "--catalog", ws.catalog], { cwd: ws.root, env: { ...env(ws), ...stateEnv, LAKEFORM_TEST_PAUSE_AFTER_CLAIM: marker }, stdio: "ignore" });
      for (let i = 0; i < 300 && !existsSync(marker); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(existsSync(marker)).toBe(true);
      killed.kill("SIGKILL");
      await new Promise((resolve) => killed.on("exit", resolve));

      const tickAt = (now: string) =>
        run(process.execPath, [BIN, "tick", "--now", now, "--json", "--catalog", ws.catalog], { cwd: ws.root, env: { ...env(ws), ...stateEnv } }).then(
          (r) => JSON.parse(r.stdout) as { decisions: Decision[] },
          (e: { stdout: string }) => JSON.parse(e.stdout) as { decisions: Decision[] },
        );
      // Two ticks at once: one takes the stranded claims over, the other sees them in flight.
      const [a, b] = await Promise.all([tickAt("2024-04-05T12:00:30Z"), tickAt("2024-04-05T12:00:30Z")]);
      const c = await tickAt("2024-04-05T12:01:00Z");
      const launches = [a, b, c].flatMap((t) => t.decisions.filter((d) => d.action === "launch" && d.asset === "clean/nightly").map((d) => d.partition));
      const stranded = ["2024-03-20", "2024-03-21", "2024-03-22", "2024-03-23", "2024-03-24", "2024-03-25", "2024-03-26", "2024-03-27", "2024-03-28", "2024-03-29"];
      expect(launches.filter((p) => stranded.includes(p)).sort()).toEqual(stranded);
      expect(new Set(launches).size).toBe(launches.length);
      const history = JSON.parse((await ws.lakeform(["history", "clean/nightly", "--limit", "100", "--json"], stateEnv)).stdout) as { partition: string; status: string }[];
      const published = history.filter((h) => h.status === "published" || h.status === "superseded").map((h) => h.partition);
      expect(new Set(published).size).toBe(published.length);
      expect(stranded.every((p) => published.includes(p))).toBe(true);
    }, 120_000);
  }

  it("detects a run killed with -9, marks it failed, and retries it after the backoff", async () => {
    const ws = workspace("slow.ts");
    await ws.lakeform(["tick", "--now", "2024-04-05T11:59:00Z"]);
    const child = spawn(process.execPath, [BIN, "tick", "--now", "2024-04-05T12:00:05Z", "--catalog", ws.catalog], { cwd: ws.root, env: { ...env(ws), LAKEFORM_TEST_SLOW_ROWS: "60000" }, stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const running = JSON.parse((await ws.lakeform(["history", "clean/slow", "--json"])).stdout) as { status: string }[];
      if (running[0]?.status === "running") break;
    }
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    const history = JSON.parse((await ws.lakeform(["history", "clean/slow", "--json"])).stdout) as { status: string }[];
    expect(history[0]?.status).toBe("running");

    const detect = JSON.parse((await ws.lakeform(["tick", "--now", "2024-04-05T12:00:30Z", "--json"])).stdout) as { decisions: Decision[] };
    expect(detect.decisions.filter((d) => d.action === "launch")).toEqual([]);
    const failed = JSON.parse((await ws.lakeform(["history", "clean/slow", "--json"])).stdout) as { status: string; reason: string }[];
    expect(failed[0]).toMatchObject({ status: "failed" });
    expect(failed[0]?.reason).toMatch(/^abandoned: the process running it died/);

    const retried = JSON.parse((await ws.lakeform(["tick", "--now", "2024-04-05T12:05:00Z", "--json"])).stdout) as { decisions: Decision[]; run: { results: { status: string }[] } };
    expect(retried.decisions.filter((d) => d.action === "launch").map((d) => d.trigger)).toEqual(["retry"]);
    expect(retried.run.results[0]?.status).toBe("published");
  }, 120_000);

  it("rebuilds a published partition when its definition changes, for an asset that rebuilds when stale", async () => {
    const ws = workspace("slow.ts");
    await ws.lakeform(["tick", "--now", "2024-04-05T11:59:00Z"]);
    expect((await ws.lakeform(["tick", "--now", "2024-04-05T12:00:05Z"])).code).toBe(0);
    const same = JSON.parse((await ws.lakeform(["tick", "--now", "2024-04-05T12:10:00Z", "--json"])).stdout) as { decisions: Decision[] };
    expect(same.decisions).toEqual([]);
    // A new process evaluates the catalog afresh, as a deploy of the changed definition would.
    const output = await run(process.execPath, [BIN, "tick", "--now", "2024-04-05T12:20:00Z", "--json", "--catalog", ws.catalog], { cwd: ws.root, env: { ...env(ws), LAKEFORM_TEST_SLOW_ROWS: "300" } });
    const changed = JSON.parse(output.stdout) as { decisions: (Decision & { reason: string })[] };
    expect(changed.decisions.map((d) => [d.asset, d.trigger, d.action])).toEqual([["clean/slow", "stale", "launch"]]);
    expect(changed.decisions[0]?.reason).toMatch(/^its definition changed \(fingerprint [0-9a-f]{16}\) and it rebuilds when stale$/);
  }, 60_000);

  it("a daemon sent SIGTERM while it starts exits 0 without ticking", async () => {
    const ws = workspace("scheduled.ts");
    // The executable tells a parent on an IPC channel when its signal handlers are in place (before
    // anything is imported); the signal is sent then, while the CLI and the catalog still load.
    const daemon = spawn(process.execPath, [BIN, "daemon", "--interval", "1s", "--catalog", ws.catalog], { cwd: ws.root, env: env(ws), stdio: ["ignore", "pipe", "pipe", "ipc"] });
    let output = "";
    daemon.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => daemon.on("exit", (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve) => daemon.once("message", () => resolve()));
    daemon.kill("SIGTERM");
    const outcome = { ...(await exited), output };
    expect(outcome).toMatchObject({ code: 0, signal: null });
    expect(outcome.output).toContain("SIGTERM during startup: stopped before the first tick");
    expect(outcome.output).not.toContain("Scheduler daemon (pid");
  }, 60_000);

  it("a daemon ticks until SIGTERM, then finishes its bookkeeping and exits 0", async () => {
    const ws = workspace("scheduled.ts");
    const daemon = spawn(process.execPath, [BIN, "daemon", "--interval", "1s", "--catalog", ws.catalog], { cwd: ws.root, env: env(ws) });
    let output = "";
    daemon.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; i < 200 && (output.match(/^Tick /gm) ?? []).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    daemon.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => daemon.on("exit", resolve));
    expect(code).toBe(0);
    expect((output.match(/^Tick /gm) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(output).toContain("SIGTERM: finishing the current tick, then stopping");
    expect(output.trimEnd().endsWith("Scheduler daemon stopped")).toBe(true);
  }, 60_000);
});
