import { dirname } from "node:path";
import type * as TypeScript from "typescript";
import { LakeformError } from "../core/errors.ts";
import { formatLocation, RUNTIME_DIR, type SourceLocation } from "./catalog-error-location.ts";

/** One compiler diagnostic in the catalog's files. */
export interface TypeDiagnostic {
  /** Where, when the diagnostic has a place (option errors have none). */
  readonly location: SourceLocation | undefined;
  readonly message: string;
  /** `file:line:column: message`, the file relative to the working directory. */
  readonly text: string;
}

/** Compiler options when no tsconfig.json is found above the catalog: strict ESM TypeScript. */
const STRICT_DEFAULTS = {
  strict: true,
  noEmit: true,
  target: "ES2022",
  module: "preserve",
  moduleResolution: "bundler",
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
} as const;

async function loadTypeScript(): Promise<typeof TypeScript> {
  try {
    return ((await import("typescript")) as { default: typeof TypeScript }).default;
  } catch {
    throw new LakeformError("`lakeform validate --typecheck` needs the TypeScript compiler, which is not installed. Fix: run `npm install --save-dev typescript`, or validate without --typecheck.");
  }
}

function compilerOptions(ts: typeof TypeScript, catalog: string): { options: TypeScript.CompilerOptions; errors: readonly TypeScript.Diagnostic[] } {
  const configPath = ts.findConfigFile(dirname(catalog), (f) => ts.sys.fileExists(f), "tsconfig.json");
  const parsed =
    configPath === undefined
      ? ts.convertCompilerOptionsFromJson(STRICT_DEFAULTS, dirname(catalog))
      : (() => {
          const read = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
          if (read.error !== undefined) return { options: {}, errors: [read.error] };
          return ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath), undefined, configPath);
        })();
  // A tsconfig's `include` need not name the catalog: only its options are used. "No inputs" is therefore not a problem.
  const errors = parsed.errors.filter((d) => d.code !== 18003);
  return { options: { ...parsed.options, noEmit: true }, errors };
}

function toDiagnostic(ts: typeof TypeScript, d: TypeScript.Diagnostic, cwd: string): TypeDiagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n  ");
  if (d.file === undefined || d.start === undefined) return { location: undefined, message, text: `error TS${d.code}: ${message}` };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const location = { file: d.file.fileName, line: line + 1, column: character + 1 };
  return { location, message, text: `${formatLocation(location, cwd)}: ${message}` };
}

/**
 * Type-checks the catalog module and every file it imports (wherever they live) with the
 * TypeScript compiler: the options of the nearest tsconfig.json above the catalog, else strict
 * defaults. Returns the errors in the user's files (not in node_modules, nor in Lakeform itself),
 * in file order; empty when the catalog type-checks.
 *
 * @throws LakeformError when the `typescript` package is not installed.
 */
export async function typecheckCatalog(catalog: string, cwd: string): Promise<TypeDiagnostic[]> {
  const ts = await loadTypeScript();
  const { options, errors } = compilerOptions(ts, catalog);
  const program = ts.createProgram({ rootNames: [catalog], options });
  const ours = (d: TypeScript.Diagnostic): boolean =>
    d.category === ts.DiagnosticCategory.Error && (d.file === undefined || (!d.file.fileName.includes("/node_modules/") && !d.file.fileName.startsWith(RUNTIME_DIR.replaceAll("\\", "/"))));
  return [...errors, ...ts.getPreEmitDiagnostics(program)].filter(ours).map((d) => toDiagnostic(ts, d, cwd));
}
