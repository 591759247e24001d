/**
 * A URL with its password replaced by `***`, for messages and logs; unchanged when it has none.
 *
 * @example
 * redactUrl("postgres://lakeform:secret@db:5432/state"); // "postgres://lakeform:***@db:5432/state"
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === "") return url;
    parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/:\/\/[^@/]*@/, "://***@");
  }
}
