import { redactUrl } from "../core/redact-url.ts";
import type { LineageTransport } from "./lineage-transport.ts";

/** Options of {@link httpTransport}. */
export interface HttpTransportOptions {
  /** The endpoint's base URL (Marquez: `http://marquez:5000`); events are POSTed to `<url>/api/v1/lineage`. */
  readonly url: string;
  /** Attempts per event, the first included. @default 3 */
  readonly attempts?: number;
  /** Waits before attempt n (1-based retries). @default 200 ms × 2^(n−1) */
  readonly sleep?: (retry: number) => Promise<void>;
  /** Per-request timeout in milliseconds. @default 5000 */
  readonly timeoutMs?: number;
}

/**
 * POSTs each event as JSON to a Marquez-compatible endpoint (`/api/v1/lineage`), retrying a
 * failed attempt (a network error, a 5xx or 429 answer) a bounded number of times; an event the
 * endpoint still refuses is thrown, for the observer to warn about — never the run's failure.
 * Once an event has been refused, the next ones get one attempt each until one gets through, so
 * an endpoint that is down costs a run one backoff, not one per event.
 */
export function httpTransport(options: HttpTransportOptions): LineageTransport {
  const endpoint = `${options.url.replace(/\/+$/, "")}/api/v1/lineage`;
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? ((retry: number) => new Promise<void>((resolve) => setTimeout(resolve, 200 * 2 ** (retry - 1))));
  let down = false;
  return {
    name: "http",
    async send(event) {
      let last = "";
      const tries = down ? 1 : attempts;
      for (let attempt = 1; attempt <= tries; attempt++) {
        if (attempt > 1) await sleep(attempt - 1);
        try {
          const response = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event), signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
          await response.arrayBuffer();
          if (response.ok) {
            down = false;
            return;
          }
          last = `HTTP ${response.status}`;
          if (response.status < 500 && response.status !== 429) break;
        } catch (error) {
          last = error instanceof Error ? error.message : String(error);
        }
      }
      down = true;
      throw new Error(`OpenLineage endpoint ${redactUrl(endpoint)} refused the ${event.eventType} event of "${event.job.name}" after ${tries} ${tries === 1 ? "attempt" : "attempts"} (${last}). Fix: check LAKEFORM_OPENLINEAGE_URL and that the endpoint is up; the run itself is not affected.`);
    },
  };
}
