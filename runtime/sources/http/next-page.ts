import type { Pagination } from "../../core/declare/http-api-source.ts";

/** The value at a dotted path (`meta.next_cursor`) of a parsed JSON body, or undefined. */
export function valueAt(body: unknown, path: string | undefined): unknown {
  if (path === undefined || path === "") return body;
  let value: unknown = body;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The `rel="next"` target of a `Link` header, resolved against the page's URL. */
export function nextLink(header: string | null, base: string): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(",")) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (match !== null && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2] ?? "")) return new URL(match[1] ?? "", base).toString();
  }
  return undefined;
}

/** What one page said, for deciding the next. */
export interface PageSeen {
  readonly url: string;
  /** 1 for the first page. */
  readonly number: number;
  readonly body: unknown;
  readonly records: number;
  readonly link: string | null;
}

/**
 * The next page's URL, or undefined after the last page. Pure: the same page gives the same
 * answer. The first page's URL keeps its own query; paging parameters are set on it.
 */
export function nextPageUrl(pagination: Pagination | undefined, first: string, page: PageSeen): string | undefined {
  if (pagination === undefined) return undefined;
  const withParam = (name: string, value: string, more: Readonly<Record<string, string>> = {}) => {
    const url = new URL(first);
    url.searchParams.set(name, value);
    for (const [k, v] of Object.entries(more)) url.searchParams.set(k, v);
    return url.toString();
  };
  switch (pagination.kind) {
    case "cursor": {
      const next = valueAt(page.body, pagination.next);
      return next === undefined || next === null || next === "" ? undefined : withParam(pagination.param, String(next));
    }
    case "page":
      return page.records === 0 ? undefined : withParam(pagination.param, String(page.number + 1));
    case "offset":
      return page.records < pagination.limit ? undefined : withParam(pagination.param, String(page.number * pagination.limit), { [pagination.limitParam]: String(pagination.limit) });
    case "link":
      return nextLink(page.link, page.url);
  }
}

/** The first page's URL: an offset API is asked for its page size from the start. */
export function firstPageUrl(pagination: Pagination | undefined, url: string): string {
  if (pagination?.kind !== "offset") return url;
  const first = new URL(url);
  first.searchParams.set(pagination.param, "0");
  first.searchParams.set(pagination.limitParam, String(pagination.limit));
  return first.toString();
}
