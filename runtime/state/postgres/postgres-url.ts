/** `postgres://` and `postgresql://`, the schemes libpq and `pg` accept for a connection URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

export { redactUrl } from "../../core/redact-url.ts";
