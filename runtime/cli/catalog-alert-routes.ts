import { isAbsolute, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { alertRoutesProblems, isAlertRoutesSpec, type AlertRoutesSpec } from "../core/declare/alert-routes.ts";
import { formatProblem } from "../core/problem.ts";
import { importCatalogModule } from "./import-catalog-module.ts";
import { CatalogLoadError } from "./usage-error.ts";

/**
 * The alert routes the catalog module at `path` exports as `alerts` (made with `alertRoutes`
 * from "lakeform"), or undefined when it exports none. Node loads a module once per process, so
 * after the command loaded the catalog's declarations this reads the module already loaded.
 * @throws CatalogLoadError when `alerts` is something else, or when a destination is wrong
 *   (every problem listed, each with its fix).
 */
export async function loadCatalogAlertRoutes(path: string, cwd: string, timeoutMs: number): Promise<AlertRoutesSpec | undefined> {
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  const shown = relative(cwd, file) || path;
  const module = (await importCatalogModule(pathToFileURL(file).href, shown, timeoutMs)) as { alerts?: unknown };
  const alerts = module.alerts;
  if (alerts === undefined) return undefined;
  if (!isAlertRoutesSpec(alerts)) {
    throw new CatalogLoadError(
      `Catalog "${shown}": its \`alerts\` export is not alert routes. Fix: export them made with alertRoutes, e.g. \`export const alerts = alertRoutes({ owners: { "team:growth": [webhook("https://…")] } })\` (both from "lakeform"), or rename the export.`,
    );
  }
  const problems = alertRoutesProblems(alerts);
  if (problems.length > 0) {
    const lines = problems.map(([message, fix]) => ` - ${formatProblem({ message, fix })}`);
    throw new CatalogLoadError(`Catalog "${shown}" declares alert routes that cannot be used (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
  }
  return alerts;
}
