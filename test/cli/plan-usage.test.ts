import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PlatformPlan } from "../../infra/plan/platform-plan.ts";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

const STACK = ["config:", "  lakeform:region: eu-west-1", "  lakeform:prefix: lf-dev", "  lakeform:protectData: false", "  lakeform:runtimeImage: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0", ""].join("\n");

let ws: TempWorkspace | undefined;
afterEach(() => ws?.remove());

const storage = (plan: PlatformPlan, asset: string) => plan.cost.perAsset.find((c) => c.asset === asset)?.items.find((i) => i.what.startsWith("storage"))?.basis;

describe("lakeform plan with a local workspace", () => {
  it("estimates storage from the sizes the workspace published, without creating one where there is none", async () => {
    ws = new TempWorkspace(EVENTS_CATALOG);
    writeFileSync(join(ws.root, "Pulumi.dev.yaml"), STACK);
    const before = JSON.parse((await ws.lakeform(["plan", "--stack", "dev", "--json"])).stdout) as PlatformPlan;
    expect(storage(before, "raw/events")).toMatch(/^1\.00 GiB × /);
    expect(existsSync(join(ws.root, ".lakeform"))).toBe(false);

    ws.land("events/a.csv", eventsCsv([["e1", "ann@example.com", "", "1.00", "2024-01-05T10:00:00Z"]]));
    expect((await ws.lakeform(["materialize", "+clean/events", "--partition", "2024-01-05"])).code).toBe(0);
    const after = JSON.parse((await ws.lakeform(["plan", "--stack", "dev", "--json"])).stdout) as PlatformPlan;
    expect(storage(after, "raw/events")).toMatch(/^0\.00 GiB × /);
    expect(storage(after, "curated/daily_totals")).toMatch(/^1\.00 GiB × /); // never materialised: assumed
  });
});
