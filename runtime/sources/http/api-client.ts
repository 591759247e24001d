import { LakeformError } from "../../core/errors.ts";
import { formatAge } from "../../core/declare/duration.ts";
import { redactUrl } from "../../core/redact-url.ts";
import { backoffMs, isRetryable, retryAfterMs } from "./retry-after.ts";

/** What an API client waits with and measures time by: the real ones by default, instant ones in tests. */
export interface ApiClock {
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export const realClock: ApiClock = { now: () => new Date(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** The limits of one extraction's requests. */
export interface ApiLimits {
  readonly requestsPerSecond: number;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** When the extraction must have ended, waits included. */
  readonly deadline: Date;
}

/** One page's answer. */
export interface ApiPage {
  readonly status: number;
  readonly text: string;
  readonly link: string | null;
}

/**
 * GETs pages of one API for one asset: at most `requestsPerSecond` requests (spaced by the
 * clock), each bounded by `timeoutMs`; a 429, 408, 5xx, timeout or broken connection is tried
 * again up to `maxRetries` times, after what `Retry-After` asks or an exponential backoff —
 * never past the deadline. Other 4xx fail at once. The token goes in the `Authorization`
 * header only, never into a message.
 */
export class ApiClient {
  private lastRequest: number | undefined;

  constructor(
    private readonly asset: string,
    private readonly limits: ApiLimits,
    private readonly clock: ApiClock,
    private readonly headers: Readonly<Record<string, string>>,
    private readonly secretName: string | undefined,
  ) {}

  async get(url: string, page: number): Promise<ApiPage> {
    const where = `page ${page} (${redactUrl(url)})`;
    for (let attempt = 0; ; attempt += 1) {
      await this.pace();
      let outcome: ApiPage;
      let retryAfter: string | null;
      try {
        const response = await fetch(url, { headers: { accept: "application/json", ...this.headers }, signal: AbortSignal.timeout(this.limits.timeoutMs), redirect: "follow" });
        outcome = { status: response.status, text: await response.text(), link: response.headers.get("link") };
        retryAfter = response.headers.get("retry-after");
      } catch (error) {
        const reason = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError") ? `no answer within ${formatAge(this.limits.timeoutMs)}` : `the connection failed (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`;
        if (attempt < this.limits.maxRetries) {
          await this.wait(backoffMs(attempt + 1), where, reason);
          continue;
        }
        throw new LakeformError(`Asset "${this.asset}": ${where}: ${reason}, after ${attempt + 1} attempts. Fix: check that the API is up and reachable, or raise timeout/maxRetries; nothing was ingested.`);
      }
      if (isRetryable(outcome.status) && attempt < this.limits.maxRetries) {
        await this.wait(retryAfterMs(retryAfter, this.clock.now()) ?? backoffMs(attempt + 1), where, `HTTP ${outcome.status}`);
        continue;
      }
      if (outcome.status === 401 || outcome.status === 403) {
        const secret = this.secretName === undefined ? "declare token: env(\"…\") with the API's token" : `check the token in ${this.secretName}`;
        throw new LakeformError(`Asset "${this.asset}": ${where}: the API refused the request (HTTP ${outcome.status}). Fix: ${secret}; nothing was ingested.`);
      }
      if (outcome.status < 200 || outcome.status > 299) {
        const tries = attempt > 0 ? `, after ${attempt + 1} attempts` : "";
        throw new LakeformError(`Asset "${this.asset}": ${where}: HTTP ${outcome.status}${tries}: ${outcome.text.slice(0, 200)}. Fix: check the URL and the API's status; nothing was ingested.`);
      }
      return outcome;
    }
  }

  /** Spaces requests to the rate limit. */
  private async pace(): Promise<void> {
    const gap = 1000 / this.limits.requestsPerSecond;
    const now = this.clock.now().getTime();
    if (this.lastRequest !== undefined && now - this.lastRequest < gap) await this.clock.sleep(gap - (now - this.lastRequest));
    this.lastRequest = this.clock.now().getTime();
  }

  private async wait(ms: number, where: string, reason: string): Promise<void> {
    const left = this.limits.deadline.getTime() - this.clock.now().getTime();
    if (ms > left) {
      throw new LakeformError(`Asset "${this.asset}": ${where}: ${reason}, and waiting ${formatAge(ms)} more would pass the extraction's time budget. Fix: raise maxDuration, or lower the request rate; nothing was ingested.`);
    }
    await this.clock.sleep(ms);
  }
}
