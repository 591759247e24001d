import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("the lakeform executable", () => {
  it("loads a TypeScript catalog that imports lakeform by name, in a child process", async () => {
    const { stdout } = await run(process.execPath, ["runtime/bin/lakeform.mjs", "list", "--json", "--catalog", "test/fixtures/catalogs/shop.ts", "kind:source"]);
    expect((JSON.parse(stdout) as { key: string }[]).map((n) => n.key)).toEqual(["raw/customers", "raw/orders"]);
  });

  it("exits non-zero with the problems on stderr", async () => {
    const failure = await run(process.execPath, ["runtime/bin/lakeform.mjs", "validate", "--catalog", "test/fixtures/catalogs/invalid.ts"]).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('depends on "raw/order", which is not declared');
  });
});
