import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { barReporter } from "../../runtime/cli/reporters.ts";
import type { MaterializationPlan } from "../../runtime/run/materialization-plan.ts";
import { EVENTS_CATALOG, TempWorkspace } from "../support/temp-workspace.ts";

/** What a terminal would act on: C0 controls but tab and newline, DEL, C1, bidi overrides. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A landed value that recolours the terminal, holds a NUL, a C1 CSI and a right-to-left override. */
const HOSTILE = "\u001b[31mred\u0000x\u009bY\u202e!";

let ws: TempWorkspace;
beforeEach(() => (ws = new TempWorkspace(EVENTS_CATALOG)));
afterEach(() => ws.remove());

describe("values printed to a terminal have their control characters escaped", () => {
  it("query prints landed control characters escaped, and --json keeps them exact", async () => {
    ws.land("clicks/a.jsonl", `${JSON.stringify({ click_id: "k1", page: HOSTILE, clicked_at: "2024-01-05T10:00:00Z" })}\n`);
    expect((await ws.lakeform(["materialize", "raw/clicks"])).code).toBe(0);
    const text = await ws.lakeform(["query", "select page from raw.clicks"]);
    expect(text.stdout).toContain("\\x1b[31mred\\x00x\\x9bY\\u202e!");
    expect(text.stdout).not.toMatch(RAW_CONTROL);
    const json = await ws.lakeform(["query", "select page from raw.clicks", "--json"]);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json.stdout)).toEqual([{ page: HOSTILE }]);
  });

  it("an error quoting a landed line prints it escaped", async () => {
    ws.land("clicks/a.jsonl", `{"click_id":"k1","page":"/","clicked_at":"2024-01-05T10:00:00Z"}\n{"click_id":"k2","page":"${HOSTILE}"\n`);
    const { code, stdout, stderr } = await ws.lakeform(["materialize", "raw/clicks"]);
    expect(code).toBe(1);
    expect(stdout).toContain("line 2 is not valid JSON");
    expect(stdout).toContain("\\x1b[31mred\\x00x");
    expect(`${stdout}${stderr}`).not.toMatch(RAW_CONTROL);
  });

  it("the progress bar keeps its own escape codes and escapes what it shows", () => {
    let written = "";
    const reporter = barReporter({ stdout: () => undefined, stderr: () => undefined, cwd: "/", isTty: true }, (text) => (written += text));
    reporter.started({ steps: [{ partitions: ["p"] }] } as unknown as MaterializationPlan, "run-1");
    reporter.stepStarted("raw/clicks", `p${HOSTILE}`);
    reporter.stepFinished({ key: "raw/clicks", partition: "p", status: "failed", rows: undefined, checks: [], reason: `bad value ${HOSTILE}`, durationMs: 10 });
    expect(written).toContain("\r\u001b[2K[");
    expect(written).toContain("failed: bad value \\x1b[31mred\\x00x\\x9bY\\u202e!");
    expect(written).toContain("raw/clicks p\\x1b[31mred");
    expect(written.replaceAll("\r\u001b[2K", "")).not.toMatch(RAW_CONTROL);
  });
});
