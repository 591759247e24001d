import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { collectResources } from "../../../policies/collect/collect-resources.ts";

// A project whose program fails, or never finishes, under mocks: the gate says which stack and why.
const PROJECT = fileURLToPath(new URL("../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lakeform-collect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function project(main: string, program: string): string {
  const at = mkdtempSync(join(dir, "p-"));
  writeFileSync(join(at, "Pulumi.yaml"), `name: lakeform\nruntime: nodejs\nmain: ${main}\n`);
  copyFileSync(join(PROJECT, "Pulumi.dev.yaml"), join(at, "Pulumi.dev.yaml"));
  writeFileSync(join(at, main), program);
  return at;
}

describe("collectResources when the program does not complete", () => {
  it("rejects with the program's error, naming the stack", async () => {
    const at = project("program.mjs", 'throw new Error("Asset \\"clean/orders\\": no owner.");\n');
    await expect(collectResources(at, "dev")).rejects.toThrow('Stack "dev": its Pulumi program fails under mocks: Asset "clean/orders": no owner. Fix: correct the program or the stack\'s configuration (pulumi preview shows the same error).');
  }, 60_000);

  it("gives up after the timeout and stops the program's process", async () => {
    const at = project("program.mjs", "setInterval(() => {}, 1000);\nawait new Promise(() => {});\n");
    const start = performance.now();
    await expect(collectResources(at, "dev", 4_000)).rejects.toThrow('Stack "dev": its Pulumi program did not finish under mocks within 4 s.');
    expect(performance.now() - start).toBeLessThan(10_000);
  }, 60_000);
});
