import { existsSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** A place in a source file, 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The Lakeform runtime's own folder: frames inside it are not the user's. */
export const RUNTIME_DIR = fileURLToPath(new URL("..", import.meta.url));

const ESBUILD_ERROR = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m;
const STACK_FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?[^()]+?):(\d+):(\d+)\)?\s*$/;

function toPath(text: string): string {
  return text.startsWith("file://") ? fileURLToPath(text) : text;
}

/** Whether `file` is the user's: a real file, not in node_modules, not Node's nor Lakeform's own. */
export function isUserFile(file: string): boolean {
  return isAbsolute(file) && !file.includes(`${sep}node_modules${sep}`) && !file.startsWith(RUNTIME_DIR) && existsSync(file);
}

/**
 * Where a catalog that failed to load went wrong, in the user's files: the location of a syntax
 * error reported by the TypeScript transform (esbuild, as tsx and Vite use it), else the first
 * stack frame in a user's file (not in node_modules, not in the Lakeform runtime). Source maps
 * make these TypeScript lines and columns.
 */
export function catalogErrorLocation(error: unknown): { readonly location: SourceLocation; readonly reason?: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const loc = (error as Error & { loc?: { file?: unknown; line?: unknown; column?: unknown } }).loc;
  if (loc !== undefined && typeof loc.file === "string" && typeof loc.line === "number" && typeof loc.column === "number" && isUserFile(loc.file)) {
    return { location: { file: loc.file, line: loc.line, column: loc.column + 1 } };
  }
  const syntax = ESBUILD_ERROR.exec(`${error.message}\n${error.stack ?? ""}`);
  if (syntax !== null) {
    const file = toPath(syntax[1] as string);
    if (isAbsolute(file)) return { location: { file, line: Number(syntax[2]), column: Number(syntax[3]) + 1 }, reason: syntax[4] as string };
  }
  for (const line of (error.stack ?? "").split("\n").slice(1)) {
    const frame = STACK_FRAME.exec(line);
    if (frame === null) continue;
    const file = toPath(frame[1] as string);
    if (isUserFile(file)) return { location: { file, line: Number(frame[2]), column: Number(frame[3]) } };
  }
  return undefined;
}

/** `file:line:column`, the file relative to `cwd` when it is below it. */
export function formatLocation(location: SourceLocation, cwd: string): string {
  const rel = relative(cwd, location.file);
  const shown = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : location.file;
  return `${shown}:${location.line}:${location.column}`;
}
