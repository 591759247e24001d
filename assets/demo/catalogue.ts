import { CATALOGUE_ITEMS } from "./catalogue-items.ts";
import { atSecond } from "./demo-calendar.ts";
import type { DirtLedger } from "./dirt-ledger.ts";
import { percentOf } from "./money.ts";
import type { Random } from "./random.ts";

/** A product of the merchandising tool, with the values its export writes. */
export interface Product {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  /** As the tool exports it: in varying case, sometimes padded or missing. */
  readonly category: string | null;
  readonly currency: string;
  readonly attributes: Readonly<Record<string, string | boolean>>;
  readonly priceCents: number;
  /** A promotion from a demo day on, if any. */
  readonly priceChange: { readonly day: string; readonly cents: number } | undefined;
  /** Listed from this day (products launched during the demo), else from before it. */
  readonly listedFrom: string | undefined;
  /** Delisted from this day, if it is; `"always"` for a product delisted before the demo. */
  readonly delistedFrom: string | undefined;
  /** The export sends its price as unreadable text (only ever for a delisted product). */
  readonly unreadablePrice: boolean;
  /** When the tool changed it, oldest first: the export's `updated_at` is the latest before it runs. */
  readonly updates: readonly Date[];
  /** How often it is viewed and bought, relative to others. */
  readonly popularity: number;
}

const CATEGORY_CODES: Readonly<Record<string, string>> = {
  Pantry: "PAN", Breakfast: "BRK", "Coffee & Tea": "COF", Drinks: "DRK", Snacks: "SNK", Kitchen: "KIT", Household: "HOM", "Personal Care": "CAR",
};

function categoryAsExported(rng: Random, category: string): string {
  return rng.weighted([[category, 70], [category.toLowerCase(), 15], [category.toUpperCase(), 10], [` ${category} `, 5]] as const);
}

/**
 * The catalogue over the demo `days`: fifty products, one launched a third of the way in, one
 * delisted two thirds of the way in, three on promotion from halfway, and an old seasonal
 * product kept in the feed as inactive. Dirt is fixed to chosen products so every run has it.
 */
export function generateCatalogue(rng: Random, days: readonly string[], dirt: DirtLedger): Product[] {
  const dayAt = (fraction: number) => days[Math.floor(days.length * fraction)];
  const first = days[0] ?? "2024-01-01";
  const ranks = CATALOGUE_ITEMS.map((_, i) => ({ i, key: rng.float() })).sort((a, b) => a.key - b.key);
  const popularity = new Map(ranks.map(({ i }, rank) => [i, 1 / (rank + 1) ** 0.7]));
  const products = CATALOGUE_ITEMS.map(([name, category, priceCents, attributes], i): Product => {
    const code = CATEGORY_CODES[category] ?? "GEN";
    const sku = `TB-${code}-${String(i + 1).padStart(4, "0")}`;
    const promotion = [3, 15, 27].includes(i) ? dayAt(0.5) : undefined;
    const listedFrom = i === 40 ? dayAt(1 / 3) : undefined;
    const delistedFrom = i === 18 ? dayAt(2 / 3) : undefined;
    const changes = [promotion, delistedFrom].filter((d): d is string => d !== undefined).sort();
    const created = listedFrom === undefined ? atSecond(first, -rng.int(10, 200) * 86_400 + rng.int(0, 86_399)) : atSecond(listedFrom, rng.int(3 * 3600, 4 * 3600));
    return {
      id: `P-${1001 + i}`,
      sku: i === 7 ? sku.toLowerCase() : sku,
      name,
      category: i === 22 ? null : categoryAsExported(rng, category),
      currency: i === 12 || i === 31 ? "eur" : "EUR",
      attributes,
      priceCents,
      priceChange: promotion === undefined ? undefined : { day: promotion, cents: priceCents - percentOf(priceCents, 15) },
      listedFrom,
      delistedFrom,
      unreadablePrice: false,
      updates: [created, ...changes.map((day) => atSecond(day, rng.int(4 * 3600, 5 * 3600)))],
      popularity: popularity.get(i) ?? 0,
    };
  });
  products.push({
    id: `P-${1001 + CATALOGUE_ITEMS.length}`,
    sku: "TB-SEA-0051",
    name: "Christmas Spice Tea 100 g",
    category: "Coffee & Tea",
    currency: "EUR",
    attributes: { size: "100 g", seasonal: true },
    priceCents: 0,
    priceChange: undefined,
    listedFrom: undefined,
    delistedFrom: "always",
    unreadablePrice: true,
    updates: [atSecond(first, -rng.int(40, 70) * 86_400)],
    popularity: 0,
  });
  dirt.add("lowercase_skus");
  dirt.add("lowercase_currencies", 2);
  dirt.add("products_without_category");
  dirt.add("unreadable_prices");
  return products;
}

/** Whether `product` is listed (sellable) on `day`. */
export function isListedOn(product: Product, day: string): boolean {
  if (product.delistedFrom === "always") return false;
  return (product.listedFrom === undefined || product.listedFrom <= day) && (product.delistedFrom === undefined || day < product.delistedFrom);
}

/** The list price of `product` on `day`, in cents. */
export function priceOn(product: Product, day: string): number {
  return product.priceChange !== undefined && product.priceChange.day <= day ? product.priceChange.cents : product.priceCents;
}
