/**
 * The example data platform of a small online shop: five landed sources (raw), their
 * de-duplicated and typed versions (clean), and the numbers the company runs on (curated).
 */
import { cleanCustomers } from "./clean/customers.ts";
import { cleanOrderItems } from "./clean/order-items.ts";
import { cleanOrders } from "./clean/orders.ts";
import { cleanProducts } from "./clean/products.ts";
import { cleanWebEvents } from "./clean/web-events.ts";
import { conversionFunnel } from "./curated/conversion-funnel.ts";
import { customerLifetimeValue } from "./curated/customer-lifetime-value.ts";
import { dailyRevenue } from "./curated/daily-revenue.ts";
import { productPerformance } from "./curated/product-performance.ts";
import { rawCustomers } from "./raw/customers.ts";
import { rawOrderItems } from "./raw/order-items.ts";
import { rawOrders } from "./raw/orders.ts";
import { rawProducts } from "./raw/products.ts";
import { rawWebEvents } from "./raw/web-events.ts";

export {
  cleanCustomers,
  cleanOrderItems,
  cleanOrders,
  cleanProducts,
  cleanWebEvents,
  conversionFunnel,
  customerLifetimeValue,
  dailyRevenue,
  productPerformance,
  rawCustomers,
  rawOrderItems,
  rawOrders,
  rawProducts,
  rawWebEvents,
};

/** Every declaration of the platform, for `buildAssetGraph`. */
export default [
  rawOrders,
  rawOrderItems,
  rawCustomers,
  rawProducts,
  rawWebEvents,
  cleanOrders,
  cleanOrderItems,
  cleanCustomers,
  cleanProducts,
  cleanWebEvents,
  dailyRevenue,
  customerLifetimeValue,
  conversionFunnel,
  productPerformance,
];
