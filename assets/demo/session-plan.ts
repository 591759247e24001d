import { isListedOn, type Product } from "./catalogue.ts";
import { customersActiveOn, type Customer } from "./customer-base.ts";
import { atSecond } from "./demo-calendar.ts";
import type { DirtLedger } from "./dirt-ledger.ts";
import { busyInstantOf, type Order } from "./orders.ts";
import type { Random } from "./random.ts";
import { botSession, browsingSession, purchaseSession, type Session } from "./web-sessions.ts";

/** Visits that buy nothing, per order: about one session in nine ends in an order. */
const BROWSING_SESSIONS_PER_ORDER = 7.5;
/** Orders placed without a tracked session (ad blockers, tracking refused). */
const UNTRACKED_SHARE = 0.1;
/** Ordering sessions whose checkout_started event got lost. */
const CHECKOUT_START_LOST_SHARE = 0.03;

/**
 * Every storefront session of the demo `days`: one per tracked order, ending in its completed
 * checkout, plus the visits that buy nothing and the crawlers, spread over the day like orders.
 */
export function planSessions(rng: Random, days: readonly string[], orders: readonly Order[], customers: readonly Customer[], products: readonly Product[], dirt: DirtLedger): Session[] {
  const productsById = new Map(products.map((p) => [p.id, p]));
  const sessions: Session[] = [];
  for (const day of days) {
    const daily = rng.fork(`sessions:${day}`);
    const browsable = products.filter((p) => isListedOn(p, day));
    const ordersOfDay = orders.filter((o) => o.day === day);
    for (const order of ordersOfDay) {
      if (daily.chance(UNTRACKED_SHARE)) {
        dirt.add("untracked_orders");
        continue;
      }
      const lost = daily.chance(CHECKOUT_START_LOST_SHARE);
      if (lost) dirt.add("sessions_missing_checkout_start");
      sessions.push(purchaseSession(daily, order, productsById, browsable, lost));
    }
    const regulars = customersActiveOn(customers, day);
    const browsing = Math.round(ordersOfDay.length * BROWSING_SESSIONS_PER_ORDER * (0.9 + daily.float() * 0.2));
    for (let i = 0; i < browsing; i++) sessions.push(browsingSession(daily, busyInstantOf(daily, day), browsable, regulars));
    for (let i = daily.int(20, 40); i > 0; i--) sessions.push(botSession(daily, atSecond(day, daily.int(0, 86_000)), browsable));
  }
  return sessions;
}
