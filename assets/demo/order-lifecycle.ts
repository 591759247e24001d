import { addDays, atSecond, HOUR_MS, MINUTE_MS } from "./demo-calendar.ts";
import type { Random } from "./random.ts";

/** The statuses of the shop backend (the export spells some of them differently). */
export type OrderStatus = "pending" | "paid" | "shipped" | "delivered" | "cancelled" | "refunded";

/** The order as one hourly export sends it. */
export interface OrderExport {
  readonly status: OrderStatus;
  /** When the backend last changed the order. */
  readonly updatedAt: Date;
  /** When the export that sent it ran. */
  readonly exportedAt: Date;
}

/** The export runs hourly at :15 and sends each order changed since the last run, as it is now. */
function nextExportAfter(instant: Date): Date {
  const hour = Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS;
  const run = hour + 15 * MINUTE_MS;
  return new Date(run > instant.getTime() ? run : run + HOUR_MS);
}

/** `[from, to]` hours of `day`, as a random instant. */
const between = (rng: Random, day: string, fromHour: number, toHour: number) => atSecond(day, rng.int(fromHour * 3600, toHour * 3600));
const after = (instant: Date, rng: Random, minSeconds: number, maxSeconds: number) => new Date(instant.getTime() + rng.int(minSeconds, maxSeconds) * 1000);

/**
 * What happens to an order placed at `orderedAt` on `day`: payment within minutes (or by bank
 * transfer the next day), some cancellations, shipping the next day, delivery or a refund the
 * day after. The history ends two days after the order day, so every change lands within the
 * late-arrival window; later changes would be the next demo's business.
 */
function changesOf(rng: Random, orderedAt: Date, day: string): { status: OrderStatus; at: Date }[] {
  const changes: { status: OrderStatus; at: Date }[] = [{ status: "pending", at: orderedAt }];
  const payment = rng.weighted([["card", 92], ["failed", 3], ["transfer", 5]] as const);
  if (payment === "failed") return [...changes, { status: "cancelled", at: after(orderedAt, rng, 20 * 60, 90 * 60) }];
  let paidDay = day;
  if (payment === "transfer") {
    if (rng.chance(0.3)) return changes;
    paidDay = addDays(day, 1);
    changes.push({ status: "paid", at: between(rng, paidDay, 9, 15) });
  } else changes.push({ status: "paid", at: after(orderedAt, rng, 30, 480) });
  const paidAt = changes[changes.length - 1]?.at ?? orderedAt;
  if (rng.chance(0.025)) return [...changes, { status: "cancelled", at: after(paidAt, rng, 10 * 60, 240 * 60) }];
  const shipDay = addDays(paidDay, 1);
  if (rng.chance(0.03)) return changes;
  const shippedAt = between(rng, shipDay, 7, 16);
  changes.push({ status: "shipped", at: shippedAt });
  if (shipDay !== addDays(day, 1) || !rng.chance(0.55)) return changes;
  const deliveredAt = between(rng, addDays(day, 2), 10, 19);
  changes.push({ status: "delivered", at: deliveredAt });
  if (rng.chance(0.03)) changes.push({ status: "refunded", at: after(deliveredAt, rng, 3600, 3 * 3600) });
  return changes;
}

/**
 * The exports an order appears in: one row per hourly run after a change, holding the order as
 * it was at that run (changes between two runs collapse into one row).
 */
export function exportsOf(rng: Random, orderedAt: Date, day: string): OrderExport[] {
  const exports: OrderExport[] = [];
  for (const change of changesOf(rng, orderedAt, day)) {
    const exportedAt = nextExportAfter(change.at);
    const last = exports[exports.length - 1];
    const row = { status: change.status, updatedAt: change.at, exportedAt };
    if (last !== undefined && last.exportedAt.getTime() === exportedAt.getTime()) exports[exports.length - 1] = row;
    else exports.push(row);
  }
  return exports;
}
