import { LATE_ARRIVAL_DAYS } from "../late-arrivals.ts";
import { rawOrderItems } from "../raw/order-items.ts";
import type { Product } from "./catalogue.ts";
import { addDays, atSecond, dayOf } from "./demo-calendar.ts";
import type { DirtLedger } from "./dirt-ledger.ts";
import type { Landing, LandingRow } from "./landing-row.ts";
import { formatCents } from "./money.ts";
import type { OrderLanding } from "./order-landings.ts";
import type { OrderLine } from "./order-pricing.ts";
import type { Random } from "./random.ts";

type OrderItemRow = LandingRow<typeof rawOrderItems.columns>;

function lineRow(orderId: string, line: OrderLine, nullDiscount: boolean): OrderItemRow {
  return {
    order_id: orderId,
    line_number: line.lineNumber,
    product_id: line.productId,
    quantity: line.quantity,
    unit_price: formatCents(line.unitPriceCents),
    discount_amount: nullDiscount && line.discountCents === 0 ? null : formatCents(line.discountCents),
  };
}

/**
 * The `raw/order_items` rows of each order, landing with its first export: re-sent duplicates,
 * zero discounts as null, now and then a line emptied in the basket but exported with quantity
 * 0, and a line first sent without its product and re-sent complete the next day. Line net
 * amounts still add up to the order's subtotal − discount once the clean tier drops the empty
 * lines and keeps the latest version of each.
 */
export function orderItemRows(rng: Random, landings: readonly OrderLanding[], products: readonly Product[], days: readonly string[], dirt: DirtLedger): Landing<OrderItemRow>[] {
  const last = days[days.length - 1] ?? "";
  const rows: Landing<OrderItemRow>[] = [];
  const push = (at: Date, row: OrderItemRow) => {
    rows.push({ at, row });
    if (rng.chance(0.02)) {
      rows.push({ at, row });
      dirt.add("duplicate_order_item_rows");
    }
  };
  for (const { order, firstLandedAt: at } of landings) {
    if (at === undefined) continue;
    const nullDiscount = order.amounts.discountCents === 0 && rng.chance(0.4);
    const correctionDay = addDays(dayOf(at), 1);
    const canCorrect = correctionDay <= last && correctionDay <= addDays(order.day, LATE_ARRIVAL_DAYS);
    for (const line of order.lines) {
      const row = lineRow(order.id, line, nullDiscount);
      if (nullDiscount) dirt.add("null_line_discounts");
      if (canCorrect && rng.chance(0.004)) {
        push(at, { ...row, product_id: null });
        push(atSecond(correctionDay, 9 * 3600 + 15 * 60 + rng.int(5, 40)), row);
        dirt.add("lines_without_product");
      } else push(at, row);
    }
    if (rng.chance(0.006)) {
      const emptied = rng.pick(products.filter((p) => !order.lines.some((l) => l.productId === p.id) && !p.unreadablePrice));
      const line: OrderLine = { lineNumber: order.lines.length + 1, productId: emptied.id, quantity: 0, unitPriceCents: emptied.priceCents, discountCents: 0 };
      push(at, lineRow(order.id, line, true));
      dirt.add("zero_quantity_lines");
    }
  }
  return rows;
}
