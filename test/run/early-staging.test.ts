import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { crashChain } from "../faults/support/crash-chain.ts";

// An SQL asset's version folder is made while its inputs are looked up: when they are not
// ready, nothing of it stays behind.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lakeform-early-staging-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const workspace = () => workspaceOf({ environment: "dev", cwd: dir });
const planOf = (keys: readonly string[]) => planMaterialization(crashChain, keys.join(","), keys, { kind: "latest" }, new Date());

describe("the place of a new version, prepared while the inputs are looked up", () => {
  it("is removed when a dependency was never materialised: the failure names it, no folder is left", async () => {
    const runtime = await openRuntime(crashChain, workspace(), runtimeConfigFrom({}));
    try {
      const report = await executePlan(runtime, planOf(["clean/second"]), silentReporter);
      expect(report.results.map((r) => [r.key, r.status])).toEqual([["clean/second", "failed"]]);
      expect(report.results[0]?.reason).toBe('Asset "clean/second": its dependency "clean/first" has never been materialised. Fix: run `lakeform materialize +clean/second` to build it with its upstream.');
      expect(existsSync(join(workspace().dataDir, "clean", "second"))).toBe(false);
    } finally {
      await runtime.close();
    }
  });

  it("holds the version's file once its inputs are ready, and only that version's", async () => {
    const runtime = await openRuntime(crashChain, workspace(), runtimeConfigFrom({}));
    try {
      expect((await executePlan(runtime, planOf(["clean/second"]), silentReporter)).totals.failed).toBe(1);
      expect((await executePlan(runtime, planOf(["clean/first", "clean/second"]), silentReporter)).totals.published).toBe(2);
      const [published] = await runtime.state.publishedVersions("clean/second");
      expect(readdirSync(join(workspace().dataDir, "clean", "second"))).toEqual([published?.version]);
      expect(published?.files).toEqual([`clean/second/${published?.version}/part-00000.parquet`]);
    } finally {
      await runtime.close();
    }
  });
});
