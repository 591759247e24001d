import { redactUrl } from "../core/redact-url.ts";

/**
 * A variable's value as an error message may show it: secrets hidden — the PII key entirely, a
 * URL's password (state URL) or everything after its host (webhook URL, whose path is the secret).
 *
 * @example shownValue("LAKEFORM_STATE_URL", "postgres://u:secret@db/x") // '"postgres://u:***@db/x"'
 */
export function shownValue(name: string, value: string): string {
  switch (name) {
    case "LAKEFORM_PII_KEY":
      return `(hidden, ${value.length} characters)`;
    case "LAKEFORM_STATE_URL":
    case "LAKEFORM_TEST_POSTGRES_URL":
      return `"${redactUrl(value)}"`;
    case "LAKEFORM_ALERT_WEBHOOK":
      return `"${withoutPath(value)}"`;
    default:
      return `"${value}"`;
  }
}


function withoutPath(url: string): string {
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]*(?=[/?#]|$)/i.exec(url)?.[0];
  if (origin === undefined) return "***";
  return origin.length === url.length ? url : `${origin}/***`;
}
