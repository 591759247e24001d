import { isListedOn, priceOn, type Product } from "./catalogue.ts";
import { customersActiveOn, type Customer } from "./customer-base.ts";
import { atSecond, daysBetween, weekdayOf } from "./demo-calendar.ts";
import { CHANNEL_WEIGHTS, type Channel } from "./devices.ts";
import { exportsOf, type OrderExport, type OrderStatus } from "./order-lifecycle.ts";
import { COUPONS, priceBasket, type Coupon, type OrderAmounts, type OrderLine } from "./order-pricing.ts";
import type { Random } from "./random.ts";

/** An order as the shop backend holds it, with the exports it appears in. */
export interface Order {
  readonly id: string;
  readonly customer: Customer;
  readonly channel: Channel;
  readonly orderedAt: Date;
  /** The UTC day it was placed: its `clean/orders` partition. */
  readonly day: string;
  readonly coupon: Coupon | undefined;
  readonly lines: readonly OrderLine[];
  readonly amounts: OrderAmounts;
  readonly exports: readonly OrderExport[];
}

/** Orders on an average day; weekends are busier. */
const ORDERS_PER_DAY = 200;
const WEEKDAY_FACTOR = [1.25, 1.0, 0.95, 0.95, 1.0, 1.05, 1.15];
/** Orders by hour of the day (UTC): the evening after work is the peak. */
const HOURLY_WEIGHT = [1, 0.5, 0.3, 0.3, 0.4, 0.8, 1.5, 2.5, 3, 3.2, 3.3, 3.5, 3.8, 3.6, 3.3, 3.2, 3.5, 4.2, 5, 5.5, 5.2, 4.2, 3, 1.8];
/** The shop opened on 2024-01-01 with order number SO-100001. */
const SHOP_OPENED = "2024-01-01";

/** A random instant of `day`, following the shop's hourly traffic. */
export function busyInstantOf(rng: Random, day: string): Date {
  const hour = rng.weighted(HOURLY_WEIGHT.map((w, h) => [h, w] as const));
  return atSecond(day, hour * 3600 + rng.int(0, 3599));
}

/** The status an order ends the demo in. */
export function finalStatusOf(order: Order): OrderStatus {
  return order.exports[order.exports.length - 1]?.status ?? "pending";
}

/** Paid, shipped or delivered: what `clean/orders` counts as revenue. */
export function isPaid(order: Order): boolean {
  return ["paid", "shipped", "delivered"].includes(finalStatusOf(order));
}

function basketOf(rng: Random, products: readonly Product[], day: string) {
  const size = rng.weighted([[1, 30], [2, 28], [3, 22], [4, 12], [5, 8]] as const);
  return rng.distinct(products, size, (p) => p.popularity).map((product) => ({
    productId: product.id,
    quantity: rng.weighted([[1, 70], [2, 20], [3, 7], [4, 2], [6, 1]] as const),
    unitPriceCents: priceOn(product, day),
  }));
}

/**
 * A few hundred orders a day over `days`, numbered in the order they were placed. Customers
 * are accounts that existed before the day (repeat buyers order more often), mostly through
 * their usual storefront; one order in six uses a coupon.
 */
export function generateOrders(rng: Random, days: readonly string[], customers: readonly Customer[], products: readonly Product[]): Order[] {
  let number = 100_001 + Math.max(0, daysBetween(SHOP_OPENED, days[0] ?? SHOP_OPENED)) * ORDERS_PER_DAY;
  const orders: Order[] = [];
  for (const day of days) {
    const daily = rng.fork(`orders:${day}`);
    const buyers = customersActiveOn(customers, day);
    const listed = products.filter((p) => isListedOn(p, day));
    const count = Math.round(ORDERS_PER_DAY * (WEEKDAY_FACTOR[weekdayOf(day)] ?? 1) * (0.92 + daily.float() * 0.16));
    const placed = Array.from({ length: count }, () => busyInstantOf(daily, day)).sort((a, b) => a.getTime() - b.getTime());
    for (const orderedAt of placed) {
      const customer = daily.distinct(buyers, 1, (c) => c.orderWeight)[0];
      if (customer === undefined) continue;
      const coupon = daily.chance(1 / 6) ? daily.pick(COUPONS) : undefined;
      const { lines, amounts } = priceBasket(basketOf(daily, listed, day), coupon);
      orders.push({
        id: `SO-${number++}`,
        customer,
        channel: daily.chance(0.85) ? customer.preferredChannel : daily.weighted(CHANNEL_WEIGHTS),
        orderedAt,
        day,
        coupon,
        lines,
        amounts,
        exports: exportsOf(daily, orderedAt, day),
      });
    }
  }
  return orders;
}
