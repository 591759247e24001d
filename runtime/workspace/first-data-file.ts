import { readdirSync } from "node:fs";
import { join } from "node:path";
import { TIERS } from "../core/declare/asset.ts";
import type { Workspace } from "./workspace.ts";

/**
 * The first data file (in name order) under the workspace's tier folders (`raw/`, `clean/`,
 * `curated/`), relative to the workspace, or undefined when they hold none: a workspace with
 * data files has published before, so its state store must exist.
 */
export function firstDataFile(workspace: Workspace): string | undefined {
  for (const tier of TIERS) {
    const found = firstFileUnder(join(workspace.dataDir, tier), tier);
    if (found !== undefined) return found;
  }
  return undefined;
}

function firstFileUnder(dir: string, shown: string): string | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (entry.isFile()) return `${shown}/${entry.name}`;
    if (entry.isDirectory()) {
      const found = firstFileUnder(join(dir, entry.name), `${shown}/${entry.name}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
