import { rawProducts } from "../raw/products.ts";
import { isListedOn, priceOn, type Product } from "./catalogue.ts";
import { atSecond } from "./demo-calendar.ts";
import { landingFileOf, type LandingFile } from "./landing-file.ts";
import type { LandingRow } from "./landing-row.ts";
import { formatCents } from "./money.ts";

type ProductRow = LandingRow<typeof rawProducts.columns>;

/** The demo lands the 06:00 UTC run of the six-hourly export, one snapshot a day. */
const EXPORT_SECOND = 6 * 3600;

function productRow(product: Product, day: string, at: Date): ProductRow {
  const updatedAt = product.updates.filter((u) => u <= at).pop() ?? null;
  return {
    product_id: product.id,
    sku: product.sku,
    name: product.name,
    category: product.category,
    price: product.unreadablePrice ? "n/a" : formatCents(priceOn(product, day)),
    currency: product.currency,
    is_active: isListedOn(product, day),
    attributes: product.attributes,
    updated_at: updatedAt,
  };
}

/** One full JSON-lines snapshot of the catalogue per demo day: every product the tool knows by then. */
export function productSnapshotFiles(products: readonly Product[], days: readonly string[]): LandingFile[] {
  return days.map((day) => {
    const at = atSecond(day, EXPORT_SECOND);
    const known = products.filter((p) => p.listedFrom === undefined || p.listedFrom <= day);
    return landingFileOf(rawProducts, `${day}T06`, known.map((p) => ({ at, row: productRow(p, day, at) })), at);
  });
}
