import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** One import of a source file: the importing file and what it names (a repository path, or a package). */
export interface ImportEdge {
  readonly from: string;
  /** A repository-relative path for relative imports, else the package name (`zod`, `node:fs`). */
  readonly to: string;
  readonly isPackage: boolean;
}

function sourceFiles(root: string, folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mts|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) found.push(relative(root, path));
    }
  };
  walk(join(root, folder));
  return found;
}

/**
 * Every import (static, dynamic, type-only and re-export) of the source files under `folders`,
 * read with the TypeScript compiler's own pre-processor.
 */
export function importEdges(root: string, folders: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of folders.flatMap((f) => sourceFiles(root, f))) {
    const info = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      if (fileName.startsWith(".")) edges.push({ from: file, to: relative(root, resolve(root, dirname(file), fileName)), isPackage: false });
      else edges.push({ from: file, to: fileName, isPackage: true });
    }
  }
  return edges;
}

/** Whether one folder holds the other (a package and its backends or rules count as one unit). */
const nested = (a: string, b: string) => a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/**
 * Folder-level cycles (strongly connected components of more than one folder), by Tarjan's
 * algorithm. Imports between a folder and its own subfolders (`state` and `state/sqlite`) do not
 * count: a folder and its subfolders are one unit.
 */
export function folderCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.isPackage) continue;
    const [from, to] = [dirname(e.from), dirname(e.to)];
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    if (from !== to && !nested(from, to)) graph.get(from)?.add(to);
  }
  let index = 0;
  const indexes = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string) => {
    indexes.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexes.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, indexes.get(w) ?? 0));
    }
    if (low.get(v) === indexes.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) {
          onStack.delete(w);
          component.push(w);
        }
      } while (w !== v && w !== undefined);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indexes.has(v)) connect(v);
  return cycles;
}
