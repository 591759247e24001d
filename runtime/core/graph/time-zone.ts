const known = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone this Node.js knows (`Europe/Paris`, `UTC`). */
export function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== "string" || zone === "") return false;
  let valid = known.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    known.set(zone, valid);
  }
  return valid;
}
