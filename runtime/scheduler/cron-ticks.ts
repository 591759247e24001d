import { cronAt, nextTick } from "../core/graph/cron-expression.ts";
import { instantOfWall, offsetAt } from "../core/partitions/zoned-time.ts";

/**
 * The ticks of a cron in `(since, until]`, at most `limit`, evaluated on the wall clock of
 * `zone`: a local time that a DST change skips runs shifted by the gap (02:30 → 03:30), and a
 * local time it repeats runs once. So a daily cron runs exactly once a day, every day.
 */
export function cronTicksBetween(cron: string, zone: string, since: Date, until: Date, limit: number): Date[] {
  const wallSince = since.getTime() + offsetAt(since.getTime(), zone);
  const ticks = cronAt(cron, "UTC", new Date(wallSince - 3 * 3_600_000));
  const found: Date[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < limit + 8 && found.length < limit; i++) {
    const wall = nextTick(ticks);
    if (wall === undefined) break;
    const instant = instantOfWall(wall, zone);
    if (instant > until.getTime()) break;
    if (instant <= since.getTime() || seen.has(instant)) continue;
    seen.add(instant);
    found.push(new Date(instant));
  }
  return found;
}
