// A platform whose sources land every PII treatment, for the PII echo suite: a CSV and a JSONL
// source of customers (e-mail and IP hashed, name and phone masked, birth date dropped), a
// clean asset copying the hashed e-mail under a uniqueness check (the sources scheduled, so
// ticks alert), and a source with a column per treatment.
import { asset, col, cron, fileDrop, ref, self, source, sql } from "lakeform";

const columns = {
  customer_id: col.string(),
  email: col.string().pii("email", "hash"),
  full_name: col.string().pii("name", "mask"),
  phone: col.string().nullable().pii("phone", "mask"),
  birth_date: col.date().nullable().pii("date_of_birth", "drop"),
  ip: col.string().nullable().pii("ip_address", "hash"),
  amount: col.decimal(10, 2).nullable(),
};

export const customers = source("raw/customers", {
  owners: ["team:crm"],
  from: fileDrop({ format: "csv", pattern: "customers/*.csv" }),
  columns,
  checks: (c) => [c.range("amount", { min: 0 }), c.regex("full_name", "^Q", { severity: "warn" }), c.acceptedValues("phone", ["none"], { severity: "warn" })],
  schedule: cron("0 * * * *"),
});

export const customerEvents = source("raw/customer_events", {
  owners: ["team:crm"],
  from: fileDrop({ format: "jsonl", pattern: "customer_events/*.jsonl" }),
  columns,
  schedule: cron("0 * * * *"),
});

export const cleanCustomers = asset("clean/customers", {
  owners: ["team:crm"],
  columns: { email: col.string().pii("email", "hash"), full_name: col.string().pii("name", "mask"), amount: col.decimal(10, 2).nullable() },
  compute: sql`select email, full_name, amount from ${ref(customers)}`,
  checks: (c) => [c.unique("email"), c.sql("no_big_amounts", sql`select * from ${self} where amount > 100`, { severity: "warn" })],
});

/** One column per masking rule and hashing variant, to compare what lands with `treatSample`. */
export const treatments = source("raw/treatments", {
  owners: ["team:crm"],
  from: fileDrop({ format: "jsonl", pattern: "treatments/*.jsonl" }),
  columns: {
    id: col.string(),
    email_mask: col.string().nullable().pii("email", "mask"),
    email_hash: col.string().nullable().pii("email", "hash"),
    name_mask: col.string().nullable().pii("name", "mask"),
    phone_mask: col.string().nullable().pii("phone", "mask"),
    card_mask: col.string().nullable().pii("payment_card", "mask"),
    ip_mask: col.string().nullable().pii("ip_address", "mask"),
    address_mask: col.string().nullable().pii("address", "mask"),
    ip_hash: col.string().nullable().pii("ip_address", "hash"),
  },
});

export default [customers, customerEvents, cleanCustomers, treatments];
