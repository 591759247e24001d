import { asset, col, fn, ref, source, sql, fileDrop, type AssetDefinition, type RowOf } from "lakeform";
import { describe, expectTypeOf, it } from "vitest";

const customers = source("raw/customers", {
  owners: ["team:crm"],
  from: fileDrop({ format: "csv", pattern: "customers/*.csv" }),
  columns: {
    customer_id: col.string(),
    email: col.string().pii("email", "hash"),
    phone: col.string().nullable().pii("phone", "mask"),
    ssn: col.string().pii("national_id", "drop"),
    signed_up_at: col.timestamp(),
    score: col.decimal(5, 2).nullable(),
  },
});

describe("the declaration API's types", () => {
  it("keeps the key and columns of a definition", () => {
    expectTypeOf(customers).toMatchTypeOf<AssetDefinition<"raw/customers">>();
    expectTypeOf(customers.key).toEqualTypeOf<"raw/customers">();
  });

  it("derives published rows: nullable columns admit null, dropped PII is gone", () => {
    expectTypeOf<RowOf<typeof customers.columns>>().toEqualTypeOf<{
      customer_id: string;
      email: string;
      phone: string | null;
      signed_up_at: Date;
      score: number | null;
    }>();
  });

  it("types checks against the asset's own columns", () => {
    asset("clean/customers", {
      owners: ["team:crm"],
      columns: { customer_id: col.string().primaryKey(), email: col.string() },
      compute: sql`select customer_id, email from ${ref(customers)}`,
      checks: (c) => [
        c.notNull("customer_id"),
        c.unique(["customer_id", "email"]),
        // @ts-expect-error a check on an unknown column does not compile
        c.notNull("customer_idd"),
        // @ts-expect-error nor does a unique key with an unknown column
        c.unique(["customer_id", "nope"]),
        c.relationships("customer_id", { asset: customers, column: "customer_id" }),
        // @ts-expect-error relationships are typed against the other asset's columns too
        c.relationships("customer_id", { asset: customers, column: "customer" }),
      ],
    });
  });

  it("types TypeScript compute functions: rows in from parents, rows out as declared", () => {
    asset("clean/contacts", {
      owners: ["team:crm"],
      columns: { customer_id: col.string(), has_phone: col.boolean() },
      compute: fn({
        inputs: { customers },
        async *run({ inputs }) {
          for await (const row of inputs.customers) {
            expectTypeOf(row.phone).toEqualTypeOf<string | null>();
            // @ts-expect-error dropped PII never reaches a compute function
            void row.ssn;
            yield { customer_id: row.customer_id, has_phone: row.phone !== null };
          }
        },
      }),
    });
    asset("clean/contacts_bad", {
      owners: ["team:crm"],
      columns: { customer_id: col.string(), has_phone: col.boolean() },
      // @ts-expect-error the rows a function yields must match the declared columns
      compute: fn({ inputs: { customers }, run: () => [{ customer_id: 1, has_phone: "yes" }] }),
    });
  });

  it("requires owners", () => {
    // @ts-expect-error owners are required
    asset("clean/x", { columns: { id: col.string() }, compute: sql`select 1` });
    // @ts-expect-error owners are teams or e-mail addresses
    asset("clean/y", { owners: ["data"], columns: { id: col.string() }, compute: sql`select 1` });
  });
});
