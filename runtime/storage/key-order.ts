import type { ListPage } from "./object-store.ts";

/** Orders keys by their UTF-8 bytes, as S3 and GCS list them (not by UTF-16 code units, as `Array.sort` would). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** The page of `sorted` keys (ordered by {@link compareKeys}) that `page` asks for. */
export function pageOf(sorted: readonly string[], page: ListPage = {}): string[] {
  const after = page.after;
  const start = after === undefined ? 0 : sorted.findIndex((key) => compareKeys(key, after) > 0);
  if (start < 0) return [];
  return sorted.slice(start, page.limit === undefined ? undefined : start + Math.max(0, page.limit));
}
