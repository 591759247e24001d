import { LATE_ARRIVAL_DAYS } from "../late-arrivals.ts";
import { addDays, atSecond, dayOf, plusSeconds } from "./demo-calendar.ts";
import type { DirtLedger } from "./dirt-ledger.ts";
import type { Order } from "./orders.ts";
import type { Random } from "./random.ts";

/** When each export of an order lands, or undefined when it lands after the demo's last day. */
export interface OrderLanding {
  readonly order: Order;
  readonly landedAt: readonly (Date | undefined)[];
  /** The first export that lands: the order lines land with it. */
  readonly firstLandedAt: Date | undefined;
}

/** Orders of one demo day whose export is stuck past the late-arrival window. */
const ORDERS_BEYOND_WINDOW = 3;
const STUCK_SHARE = 0.025;

/**
 * Decides when the exports of `orders` land: minutes after each hourly run as a rule; for one
 * order in forty the export gets stuck and is replayed 1–`LATE_ARRIVAL_DAYS` days later; and
 * three orders of one early day are replayed a day after the late-arrival window closed.
 */
export function planOrderLandings(rng: Random, orders: readonly Order[], days: readonly string[], dirt: DirtLedger): OrderLanding[] {
  const last = days[days.length - 1] ?? "";
  const beyondIndex = Math.min(3, days.length - LATE_ARRIVAL_DAYS - 2);
  const beyondDay = beyondIndex >= 0 ? days[beyondIndex] : undefined;
  const beyond = new Set(
    rng.distinct(
      orders.filter((o) => o.day === beyondDay),
      ORDERS_BEYOND_WINDOW,
      () => 1,
    ),
  );
  return orders.map((order) => {
    let replayDay: string | undefined;
    if (beyond.has(order)) {
      replayDay = addDays(order.day, LATE_ARRIVAL_DAYS + 1);
      dirt.add("orders_beyond_late_window");
    } else if (rng.chance(STUCK_SHARE)) {
      const candidate = addDays(order.day, rng.int(1, LATE_ARRIVAL_DAYS));
      if (candidate <= last) {
        replayDay = candidate;
        dirt.add("late_orders");
      }
    }
    const replayAt = replayDay === undefined ? undefined : atSecond(replayDay, 10 * 3600 + 15 * 60 + rng.int(0, 600));
    const landedAt = order.exports.map((e) => {
      const at = replayAt !== undefined && e.exportedAt < replayAt ? replayAt : plusSeconds(e.exportedAt, rng.int(5, 40));
      return dayOf(at) <= last ? at : undefined;
    });
    return { order, landedAt, firstLandedAt: landedAt[0] };
  });
}
