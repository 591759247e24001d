import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import type { RunServices } from "../../runtime/run/run-services.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { crashChain } from "./support/crash-chain.ts";

const CRASHING_RUN = join(process.cwd(), "test/faults/support/crash-before-publish.ts");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lakeform-crash-publish-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = () => openRuntime(crashChain, workspaceOf({ environment: "dev", cwd: dir }), runtimeConfigFrom({}));
const planAll = () => planMaterialization(crashChain, "*", crashChain.keys, { kind: "latest" }, new Date());

/** `target` with some methods replaced; the others called on `target` itself (its private fields intact). */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (property in overrides) return (overrides as Record<string | symbol, unknown>)[property];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** Runs the chain in another process that dies the moment clean/second's file is durable, before it is published. */
function runUntilCrash(): Promise<{ signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", CRASHING_RUN, dir], { cwd: process.cwd(), timeout: 60_000 }, (_error, stdout) => resolve({ signal: child.signalCode, stdout }));
  });
}

describe("a version is published only after its files are durable", () => {
  it("a crash between the file's flush and the publish leaves nothing of it published; the next run publishes it afresh", async () => {
    const crashed = await runUntilCrash();
    expect(crashed.signal).toBe("SIGKILL");
    const committed = /committed (\S+)/.exec(crashed.stdout)?.[1] ?? "";
    expect(committed).toMatch(/^clean\/second\/v-[^/]+\/part-00000\.parquet$/);

    const runtime = await open();
    try {
      // Durable on disk, but never published: readers see the first asset only.
      expect(existsSync(join(workspaceOf({ environment: "dev", cwd: dir }).dataDir, ...committed.split("/")))).toBe(true);
      expect(await runtime.state.publishedVersions("clean/first")).toHaveLength(1);
      expect(await runtime.state.publishedVersions("clean/second")).toEqual([]);

      const report = await executePlan(runtime, planAll(), silentReporter);
      expect(report.totals.published).toBe(2);
      const [second] = await runtime.state.publishedVersions("clean/second");
      expect(second?.files).toHaveLength(1);
      expect(second?.files[0]).not.toBe(committed);
      // The crashed run's materialisation is failed as abandoned, not left running.
      const history = await runtime.state.materialisationHistory("clean/second");
      expect(history.map((m) => m.status)).toEqual(["published", "failed"]);
      expect(history[1]?.reason).toMatch(/^abandoned: the process running it died/);
    } finally {
      await runtime.close();
    }
  }, 120_000);

  it("publishes each version only once its file's flush has finished, with the file's digest", async () => {
    const runtime = await open();
    try {
      const events: string[] = [];
      const store = runtime.store;
      const state = runtime.state;
      const services: RunServices = {
        ...runtime,
        store: withOverrides(store, {
          commit: async (key: string) => {
            const committed = await store.commit(key);
            events.push(`durable ${key}`);
            return committed;
          },
        }),
        state: withOverrides(state, {
          publish: async (...args: Parameters<typeof state.publish>) => {
            events.push(...args[0].flatMap((item) => (item.digests ?? []).map((d) => `publish ${d.key} ${d.bytes} ${d.sha256.length}`)));
            return state.publish(...args);
          },
        }),
      };
      const report = await executePlan(services, planAll(), silentReporter);
      expect(report.totals.published).toBe(2);
      const published = events.filter((e) => e.startsWith("publish "));
      expect(published).toHaveLength(2);
      for (const event of published) {
        const [, key, bytes, hexLength] = event.split(" ");
        expect(events.indexOf(`durable ${key}`)).toBeGreaterThanOrEqual(0);
        expect(events.indexOf(`durable ${key}`)).toBeLessThan(events.indexOf(event));
        expect(Number(bytes)).toBeGreaterThan(0);
        expect(hexLength).toBe("64");
      }
    } finally {
      await runtime.close();
    }
  });

  it("a flush that fails fails the materialisation with the reason; the version published before stays", async () => {
    const runtime = await open();
    try {
      expect((await executePlan(runtime, planAll(), silentReporter)).totals.published).toBe(2);
      const [before] = await runtime.state.publishedVersions("clean/second");
      const store = runtime.store;
      const failing = withOverrides(store, {
        commit: async (key: string) => {
          if (key.startsWith("clean/second/")) throw new Error(`EIO: i/o error, fsync '${key}'`);
          return store.commit(key);
        },
      });
      const report = await executePlan({ ...runtime, store: failing }, planAll(), silentReporter);
      const second = report.results.find((r) => r.key === "clean/second");
      expect(second?.status).toBe("failed");
      expect(second?.reason).toContain("EIO: i/o error, fsync 'clean/second/");
      expect(await runtime.state.publishedVersions("clean/second")).toEqual([before]);
    } finally {
      await runtime.close();
    }
  });
});
