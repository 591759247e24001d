/** `postgres://` and `postgresql://`, the schemes libpq and `pg` accept for a connection URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/**
 * The URL with its password replaced by `***`, for error messages and logs. Text that does not
 * parse as a URL is returned with anything between `://` and `@` hidden.
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
