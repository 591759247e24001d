import type { Alert } from "./alert.ts";

/** Where alerts go: a webhook, a command, standard output. */
export interface AlertSink {
  readonly name: string;
  send(alerts: readonly Alert[]): Promise<void>;
}

const ICON: Readonly<Record<Alert["change"], string>> = { raised: ":red_circle:", escalated: ":red_circle:", eased: ":large_yellow_circle:", recovered: ":large_green_circle:" };

/** One line of text for an alert: `:red_circle: clean/orders 2024-01-05 — checks FAIL: blocked by … (owners: team:x)`. */
export function alertText(alert: Alert): string {
  const where = `${alert.asset}${alert.partition === "" ? "" : ` ${alert.partition}`}`;
  const level = alert.change === "recovered" ? "recovered" : alert.level.toUpperCase();
  return `${ICON[alert.change]} ${where} — ${alert.kind} ${level}: ${alert.message} (owners: ${alert.owners.join(", ")})`;
}

/** A Slack-compatible incoming-webhook payload: `text` for clients, `blocks` for Slack. */
export function slackPayload(alerts: readonly Alert[]): { text: string; blocks: unknown[] } {
  const lines = alerts.map(alertText);
  return {
    text: lines.join("\n"),
    blocks: lines.map((line) => ({ type: "section", text: { type: "mrkdwn", text: line } })),
  };
}
