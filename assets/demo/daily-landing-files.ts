import type { AssetDefinition, Columns } from "lakeform";
import { dayOf } from "./demo-calendar.ts";
import { landingFileOf, type LandingFile } from "./landing-file.ts";
import type { Landing, LandingRow } from "./landing-row.ts";

/**
 * One file per landing day for a daily-partitioned source, named after the day
 * (`orders/2024-03-05.csv`): the rows that landed that UTC day. Its modification time is when
 * its last row landed, so ingestion files it under that day.
 */
export function dailyLandingFiles<C extends Columns>(source: AssetDefinition<string, C>, rows: readonly Landing<LandingRow<C>>[]): LandingFile[] {
  const byDay = new Map<string, Landing<LandingRow<C>>[]>();
  for (const landing of rows) {
    const day = dayOf(landing.at);
    const landed = byDay.get(day);
    if (landed === undefined) byDay.set(day, [landing]);
    else landed.push(landing);
  }
  return [...byDay.keys()].sort().map((day) => {
    const landed = byDay.get(day) ?? [];
    const last = landed.reduce((max, l) => Math.max(max, l.at.getTime()), 0);
    return landingFileOf(source, day, landed, new Date(last));
  });
}
