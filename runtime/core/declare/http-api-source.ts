import type { Duration } from "./duration.ts";
import type { EnvSecret } from "./env-secret.ts";

/**
 * How an API pages its records:
 * - `cursor`: each page names the next one (`next` is the dotted path of that value in the body,
 *   sent back as the query parameter `param`); no value: the last page;
 * - `page`: `param=1, 2, …` until a page has no records;
 * - `offset`: `param=0, limit, 2·limit, …` (with `limitParam=limit`) until a page is short;
 * - `link`: follow the `Link: <…>; rel="next"` header (GitHub style) until there is none.
 */
export type Pagination =
  | { readonly kind: "cursor"; readonly param: string; readonly next: string }
  | { readonly kind: "page"; readonly param: string }
  | { readonly kind: "offset"; readonly param: string; readonly limitParam: string; readonly limit: number }
  | { readonly kind: "link" };

/** A JSON API whose records are landed into the raw tier. */
export interface HttpApiSourceSpec {
  readonly kind: "httpApi";
  /** The first page's URL, e.g. `https://api.example.com/v1/orders?status=all`. */
  readonly url: string;
  /** The dotted path of the records array in a page's body, e.g. `data`. @default - the body is the array */
  readonly records?: string;
  /** @default - a single page */
  readonly pagination?: Pagination;
  /** Sent as `Authorization: Bearer <token>`, the token from an environment secret. @default - no authentication */
  readonly token?: EnvSecret;
  /** At most this many requests per second. @default 5 */
  readonly requestsPerSecond?: number;
  /** How long one request may take. @default "30s" */
  readonly timeout?: Duration;
  /** Retries of one request after a 429, a 5xx, a timeout or a broken connection, waiting as `Retry-After` says or backing off exponentially. @default 5 */
  readonly maxRetries?: number;
  /** The whole extraction's time budget, waits included. @default "15m" */
  readonly maxDuration?: Duration;
  /** At most this many pages per run: a runaway pagination stops with an error. @default 1000 */
  readonly maxPages?: number;
}

/** The options of {@link httpApi}. */
export type HttpApiSourceOptions = Omit<HttpApiSourceSpec, "kind">;

/**
 * A paginated JSON API, read in full each run (a snapshot: the raw tier holds the newest one),
 * rate limited, with retries bounded in count and time; each page's records are validated
 * against the declared columns, and PII is treated as they are written.
 *
 * @example httpApi({ url: "https://api.shop.example/v1/customers", records: "data", token: env("SHOP_API_TOKEN"), pagination: { kind: "cursor", param: "cursor", next: "meta.next_cursor" } })
 */
export function httpApi(options: HttpApiSourceOptions): HttpApiSourceSpec {
  return Object.freeze({ kind: "httpApi", ...options });
}
