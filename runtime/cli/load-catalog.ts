import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { buildAssetGraph, type Declarations } from "../graph/build-asset-graph.ts";
import type { AssetGraph } from "../graph/asset-graph.ts";
import { CatalogLoadError } from "./usage-error.ts";

/** Where `lakeform` finds the declarations unless `--catalog` says otherwise. */
export const DEFAULT_CATALOG = "assets/index.ts";

/**
 * Imports the catalog module at `path` (relative to `cwd`) and returns its default export.
 * @throws CatalogLoadError naming the file and the fix.
 */
export async function loadDeclarations(path: string, cwd: string): Promise<Declarations> {
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  const shown = relative(cwd, file) || path;
  if (!existsSync(file)) {
    throw new CatalogLoadError(`Catalog "${shown}" does not exist. Fix: pass --catalog <module> with the file that default-exports your assets (default: ${DEFAULT_CATALOG}).`);
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new CatalogLoadError(`Catalog "${shown}" failed to load: ${reason}. Fix: correct the module; \`npm run typecheck\` shows compile errors with their lines.`);
  }
  const declarations = module.default;
  if (declarations === undefined || declarations === null || typeof declarations !== "object") {
    throw new CatalogLoadError(`Catalog "${shown}" has no default export of declarations. Fix: end it with \`export default [ ...your assets ]\`.`);
  }
  return declarations as Declarations;
}

/** Loads the catalog and builds its graph (which throws AssetGraphError when invalid). */
export async function loadGraph(path: string, cwd: string): Promise<AssetGraph> {
  return buildAssetGraph(await loadDeclarations(path, cwd));
}
