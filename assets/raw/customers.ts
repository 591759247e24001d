import { col, cron, cronDeadline, fileDrop, source } from "lakeform";
import { appTableOrFiles, fromAppDatabase } from "./app-database.ts";

const customerId = col.string().describe("CRM account id");

/**
 * The nightly full export of customer accounts from the CRM — or, with `LAKEFORM_SOURCE_PG_URL`
 * set, a snapshot of the app database's `customers` table each run. PII is treated at the door:
 * e-mail and name hashed, phone masked, date of birth never landed.
 */
export const rawCustomers = source("raw/customers", {
  description: "Nightly full snapshot of customer accounts exported by the CRM.",
  owners: ["team:data-eng", "privacy@tinybasket.example"],
  group: "sales",
  tags: ["snapshot", "gdpr"],
  from: appTableOrFiles("raw/customers", "customers", fileDrop({ format: "csv", pattern: "customers/*.csv" })),
  columns: {
    // A snapshot holds each account once: the key counts accounts deleted in the app database.
    customer_id: fromAppDatabase ? customerId.primaryKey() : customerId,
    email: col.string().nullable().pii("email", "hash").describe("HMAC-SHA256 of the lower-cased e-mail: joinable with marketing lists"),
    full_name: col.string().nullable().pii("name", "hash"),
    phone: col.string().nullable().pii("phone", "mask").describe("Masked to its last four digits, for support look-ups"),
    birth_date: col.date().nullable().pii("date_of_birth", "drop").describe("Sent by the CRM but never needed: not landed"),
    country_code: col.string().nullable().describe("Shipping country, ISO 3166-1 alpha-2, in varying case"),
    acquisition_channel: col.string().nullable().describe("How the customer first found the shop, as the CRM records it"),
    marketing_opt_in: col.boolean().nullable(),
    is_test_account: col.boolean().nullable().describe("Internal and QA accounts"),
    created_at: col.timestamp().nullable(),
    updated_at: col.timestamp().nullable(),
  },
  // Landed snapshots are kept a week; clean/customers keeps only the accounts of the newest
  // one, so an account erased in the CRM leaves clean (and the tiers after it) within one run.
  retentionDays: 7,
  checks: (c) => [
    c.rowCount({ min: 1 }, { description: "An empty export would erase every customer downstream" }),
    c.notNull("customer_id"),
    c.volumeAnomaly({ stddevs: 3, lookback: 14 }, { severity: "warn", description: "A truncated export lands far fewer rows" }),
    c.notNull("email", { severity: "warn" }),
    c.regex("country_code", /^[A-Za-z]{2}$/, { severity: "warn" }),
  ],
  schedule: cron("30 3 * * *", { timezone: "Europe/Berlin" }),
  freshness: cronDeadline({ cron: "0 6 * * *", window: "3h", timezone: "Europe/Berlin" }),
});
