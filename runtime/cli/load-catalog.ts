import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { buildAssetGraph, type Declarations } from "../core/graph/build-asset-graph.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import { catalogErrorLocation, formatLocation } from "./catalog-error-location.ts";
import { DEFAULT_CATALOG_TIMEOUT_MS } from "../config/runtime-config.ts";
import { importCatalogModule } from "./import-catalog-module.ts";
import { CatalogLoadError } from "./usage-error.ts";

/** Where `lakeform` finds the declarations unless `--catalog` says otherwise. */
export const DEFAULT_CATALOG = "assets/index.ts";

/**
 * Imports the catalog module at `path` (relative to `cwd`) and returns its default export.
 * Loading is guarded (see `importCatalogModule`): a catalog that calls `process.exit`, never
 * settles, or takes longer than `timeoutMs` (`LAKEFORM_CATALOG_TIMEOUT`) is reported.
 * @throws CatalogLoadError naming the file and the fix.
 */
export async function loadDeclarations(path: string, cwd: string, timeoutMs = DEFAULT_CATALOG_TIMEOUT_MS): Promise<Declarations> {
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  const shown = relative(cwd, file) || path;
  if (!existsSync(file)) {
    throw new CatalogLoadError(`Catalog "${shown}" does not exist. Fix: pass --catalog <module> with the file that default-exports your assets (default: ${DEFAULT_CATALOG}).`);
  }
  let module: { default?: unknown };
  try {
    module = await importCatalogModule(pathToFileURL(file).href, shown, timeoutMs);
  } catch (error) {
    if (error instanceof CatalogLoadError) throw error;
    throw loadFailure(shown, cwd, error);
  }
  const declarations = module.default;
  if (declarations === undefined || declarations === null || typeof declarations !== "object") {
    throw new CatalogLoadError(`Catalog "${shown}" has no default export of declarations. Fix: end it with \`export default [ ...your assets ]\`.`);
  }
  return declarations as Declarations;
}

/**
 * Why the catalog failed to load, with where: the TypeScript `file:line:column` in the user's
 * files (a syntax error's, or the first stack frame outside node_modules and Lakeform).
 */
function loadFailure(shown: string, cwd: string, error: unknown): CatalogLoadError {
  const found = catalogErrorLocation(error);
  const firstLine = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  const reason = found?.reason ?? (error instanceof Error && error.name !== "Error" && !firstLine.startsWith(error.name) ? `${error.name}: ${firstLine}` : firstLine);
  const at = found === undefined ? "" : ` at ${formatLocation(found.location, cwd)}`;
  return new CatalogLoadError(
    `Catalog "${shown}" failed to load${at}: ${reason}. Fix: correct the module${at === "" ? "" : " there"}; \`lakeform validate --typecheck\` shows every compile error with its line.`,
    { cause: error },
  );
}

/** Loads the catalog and builds its graph (which throws AssetGraphError when invalid). */
export async function loadGraph(path: string, cwd: string, timeoutMs = DEFAULT_CATALOG_TIMEOUT_MS): Promise<AssetGraph> {
  return buildAssetGraph(await loadDeclarations(path, cwd, timeoutMs));
}
