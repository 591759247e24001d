import { percentOf, roundedPercentOf } from "./money.ts";

/** A coupon: a percentage off every line, or free shipping. */
export interface Coupon {
  readonly code: string;
  readonly percentOff: number;
  readonly freeShipping: boolean;
}

export const COUPONS: readonly Coupon[] = [
  { code: "SPRING10", percentOff: 10, freeShipping: false },
  { code: "WELCOME15", percentOff: 15, freeShipping: false },
  { code: "LOYAL5", percentOff: 5, freeShipping: false },
  { code: "FREESHIP", percentOff: 0, freeShipping: true },
];

/** Shipping is free from this merchandise value on. */
const FREE_SHIPPING_FROM_CENTS = 3900;
const SHIPPING_CENTS = 490;
/** Reduced VAT on groceries, charged on top of merchandise and shipping. */
const TAX_PERCENT = 7;

/** One line of an order, amounts in cents. */
export interface OrderLine {
  readonly lineNumber: number;
  readonly productId: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  /** The line's share of the order's discount. */
  readonly discountCents: number;
}

/** An order's amounts in cents: total = subtotal − discount + shipping + tax, exactly. */
export interface OrderAmounts {
  readonly subtotalCents: number;
  readonly discountCents: number;
  readonly shippingCents: number;
  readonly taxCents: number;
  readonly totalCents: number;
}

/**
 * Prices a basket the way the shop backend does: the coupon's discount is taken off every line
 * (rounded down to the cent), so the lines' net amounts add up to subtotal − discount exactly.
 */
export function priceBasket(
  basket: readonly { readonly productId: string; readonly quantity: number; readonly unitPriceCents: number }[],
  coupon: Coupon | undefined,
): { readonly lines: OrderLine[]; readonly amounts: OrderAmounts } {
  const lines = basket.map((item, i) => ({ ...item, lineNumber: i + 1, discountCents: percentOf(item.quantity * item.unitPriceCents, coupon?.percentOff ?? 0) }));
  const subtotalCents = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
  const discountCents = lines.reduce((sum, l) => sum + l.discountCents, 0);
  const merchandise = subtotalCents - discountCents;
  const shippingCents = coupon?.freeShipping === true || merchandise >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;
  const taxCents = roundedPercentOf(merchandise + shippingCents, TAX_PERCENT);
  return { lines, amounts: { subtotalCents, discountCents, shippingCents, taxCents, totalCents: merchandise + shippingCents + taxCents } };
}
