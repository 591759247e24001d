import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The package imports itself by name (`import { asset } from "lakeform"`), as users do.
    alias: [{ find: /^lakeform$/, replacement: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
