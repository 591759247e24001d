/** Calendar fields of an instant in a time zone. */
export interface LocalFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `instant` in `timeZone`. */
export function localFields(instant: Date, timeZone: string): LocalFields & { readonly minute: number; readonly second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** Milliseconds `timeZone` is ahead of UTC at `instant`. */
export function offsetAt(instant: number, timeZone: string): number {
  const f = localFields(new Date(instant), timeZone);
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `wall` (a local time written as if it
 * were UTC milliseconds). A time repeated by a DST change resolves to its first occurrence; a
 * time skipped by one resolves past the gap, shifted by its length.
 */
export function instantOfWall(wall: number, timeZone: string): number {
  const a = wall - offsetAt(wall, timeZone);
  const b = wall - offsetAt(a, timeZone);
  const c = wall - offsetAt(b, timeZone);
  const exact = [a, b, c].filter((x) => x + offsetAt(x, timeZone) === wall);
  return exact.length > 0 ? Math.min(...exact) : Math.max(a, b, c);
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time (see
 * `instantOfWall` for DST gaps and repeats).
 */
export function instantOf(fields: LocalFields, timeZone: string): Date {
  return new Date(instantOfWall(Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour), timeZone));
}
