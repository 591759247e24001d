import { LakeformError } from "../core/errors.ts";
import type { Alert } from "./alert.ts";
import { slackPayload, type AlertSink } from "./alert-sink.ts";

/**
 * Posts alerts as a Slack-compatible JSON payload to `url` (a Slack incoming webhook, or
 * anything that accepts the same). One request per batch; a non-2xx answer is an error.
 */
export function webhookSink(url: string, options: { readonly timeoutMs?: number } = {}): AlertSink {
  return {
    name: `webhook ${new URL(url).host}`,
    async send(alerts: readonly Alert[]) {
      if (alerts.length === 0) return;
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(slackPayload(alerts)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) throw new LakeformError(`Alert webhook ${new URL(url).host} answered ${response.status}. Fix: check the webhook URL (LAKEFORM_ALERT_WEBHOOK or the catalog's alert routes).`);
    },
  };
}
