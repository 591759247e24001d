import { LATE_ARRIVAL_DAYS } from "../late-arrivals.ts";
import { rawWebEvents } from "../raw/web-events.ts";
import { atSecond, addDays, dayOf, plusSeconds } from "./demo-calendar.ts";
import type { DirtLedger } from "./dirt-ledger.ts";
import type { Landing, LandingRow } from "./landing-row.ts";
import type { Random } from "./random.ts";
import type { Session, SessionEvent } from "./web-sessions.ts";

type WebEventRow = LandingRow<typeof rawWebEvents.columns>;

/** `added_to_cart` → `Added_To_Cart`, as the old Android app sends types. */
const titleCase = (type: string) => type.replace(/(^|_)([a-z])/g, (_, sep: string, c: string) => `${sep}${c.toUpperCase()}`);

/** How the session's events land: seconds after they happen, or a day or two late when an app syncs offline. */
function syncDelayOf(rng: Random, session: Session): number {
  if (session.device.channel !== "web" && session.kind !== "purchase" && rng.chance(0.04)) return rng.int(1, LATE_ARRIVAL_DAYS);
  return 0;
}

function eventRow(rng: Random, session: Session, event: SessionEvent, first: boolean, missingDevice: boolean): WebEventRow {
  const id = rng.uuid();
  return {
    event_id: session.device.uppercaseEventIds ? id.toUpperCase() : id,
    event_type: session.device.legacyAndroid ? titleCase(event.type) : event.type,
    anonymous_id: session.anonymousId,
    customer_id: event.loggedIn ? session.customerId : null,
    session_id: session.id,
    occurred_at: event.at,
    page_path: event.pagePath,
    referrer: first ? session.source.referrer : null,
    utm_source: first ? session.source.utmSource : null,
    utm_medium: first ? session.source.utmMedium : null,
    utm_campaign: first ? session.source.utmCampaign : null,
    device_type: missingDevice ? null : session.device.legacyAndroid ? "Mobile" : session.device.deviceType,
    user_agent: session.device.userAgent,
    ip_address: session.ipAddress,
    properties: event.properties,
  };
}

/** Counts the dirt an event row carries. */
function recordDirt(dirt: DirtLedger, session: Session, row: WebEventRow, first: boolean): void {
  if (session.device.uppercaseEventIds) dirt.add("uppercase_event_ids");
  if (session.device.legacyAndroid) dirt.add("title_case_event_types");
  if (row.device_type === null || session.device.legacyAndroid) dirt.add("odd_device_types");
  if (row.anonymous_id === null && session.kind !== "bot") dirt.add("events_without_anonymous_id");
  if (row.event_type === null || row.session_id === null) dirt.add("events_without_type_or_session");
  if (first && session.source.handTyped) dirt.add("odd_cased_utm_values");
  if (first && session.kind === "bot") dirt.add("bot_sessions");
}

/**
 * The `raw/web_events` rows of `sessions` landing within the demo `days`: written by the
 * collector seconds after they happen, some app sessions synced 1–2 days late, retries
 * re-sending events (same id) in the same or the next day's file, and the clients' quirks
 * (upper-case ids, Title_Case types, missing device types or session ids).
 */
export function webEventRows(rng: Random, sessions: readonly Session[], days: readonly string[], dirt: DirtLedger): Landing<WebEventRow>[] {
  const [first, last] = [days[0] ?? "", days[days.length - 1] ?? ""];
  const rows: Landing<WebEventRow>[] = [];
  for (const session of sessions) {
    const delay = syncDelayOf(rng, session);
    const missingDevice = session.device.channel === "web" && session.kind !== "purchase" && session.kind !== "bot" && rng.chance(0.01);
    session.events.forEach((event, i) => {
      const at = delay === 0 ? plusSeconds(event.at, rng.int(1, 30)) : atSecond(addDays(dayOf(event.at), delay), rng.int(7 * 3600, 22 * 3600));
      const day = dayOf(at);
      let row = eventRow(rng, session, event, i === 0, missingDevice);
      if (event.type === "page_viewed" && (session.kind === "bounce" || session.kind === "browse") && rng.chance(0.003)) {
        row = rng.chance(0.5) ? { ...row, event_type: null } : { ...row, session_id: null };
      }
      if (day < first || day > last) return;
      rows.push({ at, row });
      recordDirt(dirt, session, row, i === 0);
      if (delay > 0) dirt.add("late_web_events");
      if (rng.chance(0.01)) {
        const retry = rng.chance(0.6) ? plusSeconds(at, rng.int(1, 60)) : atSecond(addDays(day, 1), rng.int(0, 3 * 3600));
        if (dayOf(retry) > last || dayOf(retry) > addDays(dayOf(event.at), LATE_ARRIVAL_DAYS)) return;
        rows.push({ at: retry, row });
        dirt.add("duplicate_web_events");
      }
    });
  }
  return rows;
}
