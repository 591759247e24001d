import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(process.cwd(), "runtime/bin/lakeform.mjs");
const run = promisify(execFile);

/** Catalogs outside the repository (so its own type-check never sees them). */
const project = mkdtempSync(join(tmpdir(), "lakeform-catalog-guards-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));
writeFileSync(join(project, "package.json"), '{ "type": "module" }\n');
function catalog(name: string, lines: readonly string[]): string {
  writeFileSync(join(project, name), `${lines.join("\n")}\n`);
  return name;
}

async function validate(file: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, "validate", "--catalog", file], { cwd: project, env: { ...process.env, ...env }, timeout: 60_000 }).then(
    (ok) => ({ code: 0, ...ok }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe("a catalog that misbehaves while loading is reported through the lakeform executable", () => {
  it("reports a top-level await that can never settle, instead of exiting 13 in silence", async () => {
    const result = await validate(catalog("hang.ts", ["await new Promise(() => {});", "export default [];"]));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('✗ Catalog "hang.ts" never finished loading: a top-level await in it waits for something that can never happen. Fix:');
  });

  it("times out a load that keeps waiting, after LAKEFORM_CATALOG_TIMEOUT", async () => {
    const result = await validate(catalog("slow.ts", ["setInterval(() => {}, 1000);", "await new Promise(() => {});", "export default [];"]), { LAKEFORM_CATALOG_TIMEOUT: "1s" });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('✗ Catalog "slow.ts" did not finish loading within 1s. Fix:');
    expect(result.stderr).toContain("LAKEFORM_CATALOG_TIMEOUT");
  });

  it("reports a catalog that calls process.exit(0), instead of exiting 0 with no output", async () => {
    const result = await validate(catalog("exit.ts", ["process.exit(0);", "export default [];"]));
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('✗ Catalog "exit.ts" called process.exit(0) while loading; Lakeform stopped it there. Fix:');
  });

  it("shows file:line:column of a syntax error", async () => {
    const result = await validate(catalog("syntax.ts", ["export const x = 1;", "const y: number = ;", "export default [];"]));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/✗ Catalog "syntax\.ts" failed to load at syntax\.ts:2:19: Unexpected ";"\. Fix:/);
  });

  it("refuses a timeout that is not a duration", async () => {
    const result = await validate(catalog("fine.ts", ["export default [];"]), { LAKEFORM_CATALOG_TIMEOUT: "soon" });
    expect(result.code).toBe(2); // a bad LAKEFORM_* variable is refused with the others, before the catalog loads
    expect(result.stderr).toContain('LAKEFORM_CATALOG_TIMEOUT "soon" is not a duration.');
  });
});
