import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";

const LAKEFORM = join(process.cwd(), "runtime/index.ts");
const run = promisify(execFile);

/** A catalog project outside the repository: an ES module package, files written as given. */
const project = mkdtempSync(join(tmpdir(), "lakeform-catalog-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));
function write(path: string, lines: readonly string[]): string {
  const file = join(project, path);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}
writeFileSync(join(project, "package.json"), '{ "type": "module" }\n');

const airports = [
  `import { col, fileDrop, source } from "${LAKEFORM}";`,
  "",
  "export const rawAirports = source(\"raw/airports\", {",
  '  owners: ["team:data"],',
  '  from: fileDrop({ format: "csv", pattern: "airports/*.csv" }),',
  "  columns: { code: col.string() },",
  "});",
];

describe("a catalog that fails to load names the TypeScript file, line and column", () => {
  write("reference/flights.ts", [
    `import { asset, col, ref, sql } from "${LAKEFORM}";`,
    'import { rawAirports } from "./airports.ts";',
    "",
    'export const flights = asset("clean/flights", { owners: ["team:data"], columns: { id: col.string() }, compute: sql`select * from ${ref(rawFlight)}` });',
    "export const airports = rawAirports;",
  ]);
  write("reference/airports.ts", airports);
  const catalog = write("reference/index.ts", ['import { airports, flights } from "./flights.ts";', "", "export default [airports, flights];"]);

  it("reports the first frame in the user's files for an error at module load, in-process", async () => {
    const result = await runCli(["validate", "--catalog", catalog], project);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`✗ Catalog "reference/index.ts" failed to load at reference/flights.ts:4:136: ReferenceError: rawFlight is not defined. Fix: correct the module there;`);
  });

  it("reports it from the lakeform executable too", async () => {
    const failure = await run(process.execPath, [join(process.cwd(), "runtime/bin/lakeform.mjs"), "validate", "--catalog", "reference/index.ts"], { cwd: project }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failure).toMatchObject({ code: 3 });
    expect((failure as { stderr: string }).stderr).toContain('Catalog "reference/index.ts" failed to load at reference/flights.ts:4:136: ReferenceError: rawFlight is not defined.');
  });

  it("reports the place of a syntax error", async () => {
    const broken = write("syntax/index.ts", [`import { col } from "${LAKEFORM}";`, "", "const columns = { id: col.string( };", "export default [columns];"]);
    const failure = await run(process.execPath, [join(process.cwd(), "runtime/bin/lakeform.mjs"), "validate", "--catalog", broken], { cwd: project }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failure).toMatchObject({ code: 3 });
    expect((failure as { stderr: string }).stderr).toMatch(/Catalog "syntax\/index\.ts" failed to load at syntax\/index\.ts:3:35: Unexpected "}"\./);
  });
});

describe("validate --typecheck", () => {
  write("typed/airports.ts", airports);
  write("typed/limits.ts", ["// A mistake only the compiler sees: the module loads and the graph is valid.", 'export const maxDelayMinutes: number = "ninety";']);
  const catalog = write("typed/index.ts", ['import { rawAirports } from "./airports.ts";', 'import { maxDelayMinutes } from "./limits.ts";', "", "void maxDelayMinutes;", "export default [rawAirports];"]);

  it("passes without --typecheck, and reports the compiler's diagnostics for imported files with it", async () => {
    expect((await runCli(["validate", "--catalog", catalog], project)).code).toBe(0);
    const checked = await runCli(["validate", "--typecheck", "--catalog", catalog], project);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toBe(
      "typed/limits.ts:2:14: Type 'string' is not assignable to type 'number'.\n" +
        '✗ Catalog "' + catalog + '" has a type error (above). Fix: correct it, then run `lakeform validate --typecheck` again.\n',
    );
    const json = await runCli(["validate", "--typecheck", "--json", "--catalog", catalog], project);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, typeErrors: [{ file: join(project, "typed/limits.ts"), line: 2, column: 14 }] });
  });

  it("accepts a catalog that type-checks, with the repository's tsconfig", async () => {
    const result = await runCli(["validate", "--typecheck", "--catalog", "test/fixtures/catalogs/shop.ts"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/is valid: .*; it type-checks\.$/m);
  });
});
