import { trafficSourceOf, type TrafficSource } from "./campaigns.ts";
import type { Product } from "./catalogue.ts";
import type { Customer } from "./customer-base.ts";
import { plusSeconds } from "./demo-calendar.ts";
import { BOT_AGENTS, CHANNEL_WEIGHTS, deviceFor, type Device } from "./devices.ts";
import type { Order } from "./orders.ts";
import type { Random } from "./random.ts";

/** The event types of the storefront tracker. */
export type EventType = "page_viewed" | "product_viewed" | "added_to_cart" | "removed_from_cart" | "checkout_started" | "checkout_completed";

/** One tracked event of a session. */
export interface SessionEvent {
  readonly type: EventType;
  readonly at: Date;
  readonly pagePath: string;
  readonly properties: Readonly<Record<string, unknown>> | null;
  /** The visitor was logged in: the event carries the customer id. */
  readonly loggedIn: boolean;
}

/** A visit to the storefront. */
export interface Session {
  readonly id: string;
  readonly kind: "purchase" | "bounce" | "browse" | "abandon" | "bot";
  readonly device: Device;
  readonly anonymousId: string | null;
  readonly customerId: string | null;
  readonly ipAddress: string;
  readonly source: TrafficSource;
  readonly events: readonly SessionEvent[];
}

type Draft = Omit<SessionEvent, "at"> & { readonly offset: number };

/** Events laid out one after another, `gap` seconds apart; placed in time once complete. */
class Timeline {
  readonly drafts: Draft[] = [];
  private offset = 0;
  loggedIn: boolean;

  constructor(private readonly rng: Random, loggedIn: boolean) {
    this.loggedIn = loggedIn;
  }

  add(type: EventType, pagePath: string, properties: Readonly<Record<string, unknown>> | null, gap: readonly [number, number] = [8, 90]): void {
    if (this.drafts.length > 0) this.offset += this.rng.int(gap[0], gap[1]);
    this.drafts.push({ type, pagePath, properties, loggedIn: this.loggedIn, offset: this.offset });
  }

  /** The events, the first at `start`. */
  startingAt(start: Date): SessionEvent[] {
    return this.drafts.map(({ offset, ...event }) => ({ ...event, at: plusSeconds(start, offset) }));
  }

  /** The events, the last at `end`. */
  endingAt(end: Date): SessionEvent[] {
    return this.startingAt(plusSeconds(end, -this.offset));
  }
}

const slug = (text: string) => text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const productPath = (p: Product) => `/p/${slug(p.name)}`;
const categoryPath = (p: Product) => `/c/${slug(p.category ?? "other")}`;

function landingPage(rng: Random, timeline: Timeline, products: readonly Product[]): void {
  const page = rng.weighted([["home", 50], ["category", 30], ["product", 20]] as const);
  const product = rng.pick(products);
  timeline.add("page_viewed", page === "home" ? "/" : page === "category" ? categoryPath(product) : productPath(product), null);
}

function view(timeline: Timeline, product: Product): void {
  timeline.add("product_viewed", productPath(product), { product_id: product.id });
}

function addToCart(timeline: Timeline, product: Product, quantity: number): void {
  timeline.add("added_to_cart", productPath(product), { product_id: product.id, quantity }, [5, 40]);
}

/**
 * The session an order was placed in: product views and adds for its lines (and a few more),
 * cart, checkout and the completed checkout a few seconds after the order was placed.
 * `checkoutStartLost` drops the checkout_started event (tracking loss).
 */
export function purchaseSession(rng: Random, order: Order, productsById: ReadonlyMap<string, Product>, browsable: readonly Product[], checkoutStartLost: boolean): Session {
  const device = deviceFor(rng, order.channel);
  const refusedCookie = order.channel === "web" && rng.chance(0.03);
  const timeline = new Timeline(rng, order.channel !== "web" || rng.chance(0.45));
  landingPage(rng, timeline, browsable);
  const bought = order.lines.flatMap((l) => {
    const product = productsById.get(l.productId);
    return product === undefined ? [] : [{ product, quantity: l.quantity }];
  });
  const extra = rng.distinct(browsable.filter((p) => !bought.some((b) => b.product === p)), rng.int(0, 2), (p) => p.popularity);
  for (const { product, quantity } of bought) {
    if (rng.chance(0.3)) view(timeline, rng.pick(extra.length > 0 ? extra : [product]));
    view(timeline, product);
    addToCart(timeline, product, quantity);
  }
  const regret = extra[0];
  if (regret !== undefined && rng.chance(0.1)) {
    addToCart(timeline, regret, 1);
    timeline.add("removed_from_cart", "/cart", { product_id: regret.id });
  }
  timeline.add("page_viewed", "/cart", null);
  timeline.loggedIn = true;
  if (!checkoutStartLost) timeline.add("checkout_started", "/checkout", { cart_value: order.amounts.subtotalCents / 100 }, [10, 40]);
  timeline.add("checkout_completed", "/checkout/thank-you", { order_id: order.id, cart_value: order.amounts.totalCents / 100 }, [60, 300]);
  return {
    id: rng.uuid(),
    kind: "purchase",
    device,
    anonymousId: refusedCookie ? null : order.customer.deviceId,
    customerId: order.customer.id,
    ipAddress: order.customer.ipAddress,
    source: trafficSourceOf(rng),
    events: timeline.endingAt(plusSeconds(order.orderedAt, rng.int(3, 15))),
  };
}

/**
 * A visit that buys nothing, starting at `start`: a bounce (one page), a browse (pages and
 * product views) or an abandoned cart (adds, sometimes a removal or a started checkout). A
 * quarter are known customers, logged in half of the time.
 */
export function browsingSession(rng: Random, start: Date, browsable: readonly Product[], regulars: readonly Customer[]): Session {
  const kind = rng.weighted([["bounce", 48], ["browse", 37], ["abandon", 15]] as const);
  const regular = rng.chance(0.25) && regulars.length > 0 ? rng.pick(regulars) : undefined;
  const channel = regular !== undefined && rng.chance(0.8) ? regular.preferredChannel : rng.weighted(CHANNEL_WEIGHTS);
  const timeline = new Timeline(rng, regular !== undefined && (channel !== "web" || rng.chance(0.5)));
  landingPage(rng, timeline, browsable);
  if (kind !== "bounce") {
    if (rng.chance(0.4)) timeline.add("page_viewed", categoryPath(rng.pick(browsable)), null);
    const viewed = rng.distinct(browsable, rng.int(1, 5), (p) => p.popularity);
    viewed.forEach((p) => view(timeline, p));
    if (kind === "abandon") {
      const added = viewed.slice(0, rng.int(1, Math.min(3, viewed.length)));
      added.forEach((p) => addToCart(timeline, p, rng.weighted([[1, 80], [2, 20]] as const)));
      const removed = added[0];
      if (removed !== undefined && rng.chance(0.2)) timeline.add("removed_from_cart", "/cart", { product_id: removed.id });
      timeline.add("page_viewed", "/cart", null);
      if (rng.chance(0.35)) timeline.add("checkout_started", "/checkout", { cart_value: added.reduce((sum, p) => sum + p.priceCents, 0) / 100 }, [10, 40]);
    }
  }
  const device = deviceFor(rng, channel);
  return {
    id: rng.uuid(),
    kind,
    device,
    anonymousId: regular?.deviceId ?? rng.uuid(),
    customerId: timeline.loggedIn ? (regular?.id ?? null) : null,
    ipAddress: regular?.ipAddress ?? `${rng.pick([37, 62, 79, 85, 89, 94, 109, 176, 188, 212])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    source: trafficSourceOf(rng),
    events: timeline.startingAt(start),
  };
}

/** A crawler or scraper walking product pages a second or two apart. */
export function botSession(rng: Random, start: Date, browsable: readonly Product[]): Session {
  const timeline = new Timeline(rng, false);
  timeline.add("page_viewed", "/", null);
  for (let i = rng.int(3, 11); i > 0; i--) {
    const product = rng.pick(browsable);
    if (rng.chance(0.3)) timeline.add("page_viewed", categoryPath(product), null, [1, 3]);
    else timeline.add("product_viewed", productPath(product), { product_id: product.id }, [1, 3]);
  }
  return {
    id: rng.uuid(),
    kind: "bot",
    device: { channel: "web", deviceType: "desktop", userAgent: rng.pick(BOT_AGENTS), uppercaseEventIds: false, legacyAndroid: false },
    anonymousId: rng.chance(0.5) ? rng.uuid() : null,
    customerId: null,
    ipAddress: `${rng.pick([66, 40, 157])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    source: { utmSource: null, utmMedium: null, utmCampaign: null, referrer: null, handTyped: false },
    events: timeline.startingAt(start),
  };
}
