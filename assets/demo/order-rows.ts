import { rawOrders } from "../raw/orders.ts";
import { dayOf } from "./demo-calendar.ts";
import type { DirtLedger } from "./dirt-ledger.ts";
import type { OrderStatus } from "./order-lifecycle.ts";
import type { OrderLanding } from "./order-landings.ts";
import type { Landing, LandingRow } from "./landing-row.ts";
import { formatCents } from "./money.ts";
import type { Random } from "./random.ts";

type OrderRow = LandingRow<typeof rawOrders.columns>;

/** Statuses as the backend's code paths spell them: mostly as is, sometimes otherwise. */
function statusAsExported(rng: Random, status: OrderStatus, dirt: DirtLedger): string {
  const odd = [status.toUpperCase(), `${status[0]?.toUpperCase() ?? ""}${status.slice(1)}`, ` ${status}`, `${status} `];
  const spelling =
    status === "cancelled" && rng.chance(0.3) ? rng.pick(["canceled", "Canceled"])
    : status === "delivered" && rng.chance(0.3) ? rng.pick(["completed", "COMPLETED"])
    : rng.chance(0.05) ? rng.pick(odd)
    : status;
  if (spelling !== status) dirt.add("odd_status_values");
  return spelling;
}

function currencyAsExported(rng: Random, dirt: DirtLedger): string {
  const form = rng.weighted([["EUR", 98], ["eur", 1.5], ["EUR ", 0.5]] as const);
  if (form !== "EUR") dirt.add("odd_currency_values");
  return form;
}

/** The per-order quirks: how its channel and coupon are spelt, whether free shipping is null. */
function quirksOf(rng: Random, landing: OrderLanding, dirt: DirtLedger) {
  const { order } = landing;
  let channel: string | null = order.channel;
  if (order.channel === "web" && rng.chance(0.02)) channel = null;
  else if (rng.chance(0.04)) channel = { web: "Web", ios: "iOS", android: "ANDROID" }[order.channel];
  const code = order.coupon?.code;
  const coupon = code === undefined ? null : rng.weighted([[code, 65], [code.toLowerCase(), 30], [` ${code.toLowerCase()}`, 5]] as const);
  const nullShipping = order.amounts.shippingCents === 0 && rng.chance(0.5);
  // Only when a complete export follows on the same landing day, so the complete one wins.
  const [first, second] = landing.landedAt;
  const incomplete = first !== undefined && second !== undefined && dayOf(first) === dayOf(second) && rng.chance(0.015);
  return { channel, coupon, nullShipping, incomplete };
}

/**
 * The `raw/orders` rows of each order as they land: one per export, with the backend's odd
 * spellings, re-sent duplicates, free shipping as null, and (rarely) a first export sent
 * before the checkout completed, without customer and amounts.
 */
export function orderRows(rng: Random, landings: readonly OrderLanding[], dirt: DirtLedger): Landing<OrderRow>[] {
  const rows: Landing<OrderRow>[] = [];
  for (const landing of landings) {
    const { order } = landing;
    const quirks = quirksOf(rng, landing, dirt);
    const a = order.amounts;
    order.exports.forEach((e, i) => {
      const at = landing.landedAt[i];
      if (at === undefined) return;
      const incomplete = quirks.incomplete && i === 0;
      const amount = (cents: number) => (incomplete ? null : formatCents(cents));
      const row: OrderRow = {
        order_id: order.id,
        customer_id: incomplete ? null : order.customer.id,
        status: statusAsExported(rng, e.status, dirt),
        currency: currencyAsExported(rng, dirt),
        subtotal_amount: amount(a.subtotalCents),
        discount_amount: amount(a.discountCents),
        shipping_amount: quirks.nullShipping ? null : amount(a.shippingCents),
        tax_amount: amount(a.taxCents),
        total_amount: amount(a.totalCents),
        coupon_code: quirks.coupon,
        channel: quirks.channel,
        ordered_at: order.orderedAt,
        updated_at: e.updatedAt,
      };
      rows.push({ at, row });
      if (incomplete) dirt.add("incomplete_order_rows");
      if (quirks.channel !== order.channel) dirt.add("odd_channel_values");
      if (quirks.coupon !== null && quirks.coupon !== order.coupon?.code) dirt.add("lowercase_coupon_codes");
      if (quirks.nullShipping) dirt.add("null_shipping_amounts");
      if (rng.chance(0.02)) {
        rows.push({ at, row });
        dirt.add("duplicate_order_rows");
      }
    });
  }
  return rows;
}
