import { CatalogLoadError } from "./usage-error.ts";

/** Thrown in place of `process.exit` while a catalog module loads. */
class CatalogExitAttempt extends Error {
  override name = "CatalogExitAttempt";
  constructor(readonly code: unknown) {
    super(`process.exit(${code === undefined ? "" : String(code)})`);
  }
}

/**
 * Imports a catalog module, guarding the process against it:
 * - a module that calls `process.exit` while loading is stopped there and reported, not obeyed;
 * - a top-level await that can never settle (nothing left in the event loop; Node would exit 13
 *   without a word) is reported at once;
 * - a load that takes longer than `timeoutMs` is reported as timed out.
 * `process.exit` is restored however the import ends.
 * @throws CatalogLoadError naming the catalog (`shown`) and the fix, for these three cases;
 *   the module's own error otherwise.
 */
export async function importCatalogModule(url: string, shown: string, timeoutMs: number): Promise<{ default?: unknown }> {
  const exit = process.exit;
  process.exit = ((code?: unknown) => {
    throw new CatalogExitAttempt(code);
  }) as typeof process.exit;
  let timer: NodeJS.Timeout | undefined;
  let onBeforeExit: (() => void) | undefined;
  try {
    return await new Promise<{ default?: unknown }>((resolve, reject) => {
      onBeforeExit = () =>
        reject(new CatalogLoadError(`Catalog "${shown}" never finished loading: a top-level await in it waits for something that can never happen. Fix: make every top-level await settle (or remove it).`));
      process.once("beforeExit", onBeforeExit);
      // Unref'd: a load with nothing else to wait for is reported by beforeExit, at once.
      timer = setTimeout(
        () => reject(new CatalogLoadError(`Catalog "${shown}" did not finish loading within ${timeoutMs / 1000}s. Fix: find what its top-level code waits for (a network call, a lock, an await that never settles), or raise LAKEFORM_CATALOG_TIMEOUT.`)),
        timeoutMs,
      ).unref();
      (import(url) as Promise<{ default?: unknown }>).then(resolve, (error: unknown) => {
        const attempt = exitAttempt(error);
        reject(
          attempt === undefined
            ? error
            : new CatalogLoadError(`Catalog "${shown}" called process.exit(${attempt.code === undefined ? "" : String(attempt.code)}) while loading; Lakeform stopped it there. Fix: do not exit the process from a catalog; throw an Error to report a problem.`),
        );
      });
    });
  } finally {
    process.exit = exit;
    if (timer !== undefined) clearTimeout(timer);
    if (onBeforeExit !== undefined) process.removeListener("beforeExit", onBeforeExit);
  }
}

function exitAttempt(error: unknown): CatalogExitAttempt | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (e instanceof CatalogExitAttempt) return e;
  }
  return undefined;
}
