/**
 * Characters a terminal would act on rather than show: C0 controls but tab and newline, DEL,
 * C1 controls, and the bidirectional overrides that reorder what is displayed.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\r": "\\r", "\u001b": "\\x1b", "\u0000": "\\x00" };

function escaped(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/**
 * `text` safe to write to a terminal: control characters escaped (`\x1b`, `\x00`, `\r`,
 * `\u202e`), tab and newline kept. Landed data reaches messages, and an escape sequence in a
 * value must not recolour, move or clear the user's terminal.
 *
 * @example printable("\x1b[31mred\x00") // "\\x1b[31mred\\x00"
 */
export function printable(text: string): string {
  return text.replace(CONTROL, escaped);
}

/**
 * `json` (text made by `JSON.stringify`, which escapes C0 controls already) with DEL, C1
 * controls and bidirectional overrides escaped too, as `\u` escapes: still valid JSON, and
 * unchanged by {@link printable}.
 */
export function printableJson(json: string): string {
  return json.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
