import type { AssetDefinition, Columns, FileDropSpec } from "lakeform";
import { fileDropFallbackOf } from "../raw/app-database.ts";
import type { Landing, LandingRow, LandingValue } from "./landing-row.ts";

/** One file to write into the landing directory, with the instant it lands (its mtime). */
export interface LandingFile {
  readonly source: string;
  /** Relative to the landing directory, `/`-separated, matching the source's pattern. */
  readonly path: string;
  readonly format: FileDropSpec["format"];
  /** The header, in the source's declared order. */
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, LandingValue | null>>[];
  readonly landedAt: Date;
}

/** The source's file drop: the one it reads, or the one it falls back to without the app database. */
function fileDropOf(source: AssetDefinition): FileDropSpec {
  if (source.compute.kind === "ingest" && source.compute.from.kind !== "fileDrop") {
    const fallback = fileDropFallbackOf(source.key);
    if (fallback !== undefined) return fallback;
  }
  if (source.compute.kind !== "ingest" || source.compute.from.kind !== "fileDrop") throw new Error(`Asset "${source.key}": not a file-drop source, so it has no landing files. Fix: pass a source() with from: fileDrop(...).`);
  return source.compute.from;
}

/** The path `pattern` (one `*`, e.g. `orders/*.csv`) gives a file named `stem`. */
function pathFor(source: AssetDefinition, stem: string): string {
  const { pattern } = fileDropOf(source);
  if (pattern.split("*").length !== 2 || pattern.includes("?")) {
    throw new Error(`Asset "${source.key}": the demo cannot name files for pattern "${pattern}". Fix: use a pattern with a single "*", e.g. "orders/*.csv".`);
  }
  return pattern.replace("*", stem);
}

/**
 * The landing file of `source` named `stem` holding `rows` in landing order (ties keep their
 * order), landed at `landedAt`.
 */
export function landingFileOf<C extends Columns>(source: AssetDefinition<string, C>, stem: string, rows: readonly Landing<LandingRow<C>>[], landedAt: Date): LandingFile {
  const ordered = rows.map((landing, i) => ({ landing, i })).sort((a, b) => a.landing.at.getTime() - b.landing.at.getTime() || a.i - b.i);
  return {
    source: source.key,
    path: pathFor(source, stem),
    format: fileDropOf(source).format,
    columns: Object.keys(source.columns),
    rows: ordered.map(({ landing }) => landing.row as Readonly<Record<string, LandingValue | null>>),
    landedAt,
  };
}
