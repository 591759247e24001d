import fc from "fast-check";
import { asset, buildAssetGraph, col, daily, fileDrop, source, sql, type Column, type PiiTreatment } from "lakeform";
import { describe, expect, it } from "vitest";
import { glueTableInput } from "../../../infra/aws/catalog/glue-table-input.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import type { TablePlan } from "../../../infra/plan/platform-plan.ts";
import { exampleGraph, IMAGE, prodEnvironment } from "../plan/example-stacks.ts";

describe("a Glue table from a planned table", () => {
  const plan = compile(exampleGraph(), prodEnvironment());
  const table = (asset: string) => plan.tables.find((t) => t.asset === asset) as TablePlan;

  it("is an external Parquet table at the asset's prefix of the real bucket, with a string partition key", () => {
    const input = glueTableInput(table("clean/orders"), "lf-prod-clean-123456789012");
    expect(input).toMatchObject({ name: "orders", databaseName: "lf_prod_clean", tableType: "EXTERNAL_TABLE" });
    expect(input.partitionKeys).toEqual([{ name: "dt", type: "string", comment: "Partition window start (daily)" }]);
    expect(input.storageDescriptor).toMatchObject({
      location: "s3://lf-prod-clean-123456789012/clean/orders/",
      inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
      outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
      serDeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
    });
    expect(input.parameters).toMatchObject({ classification: "parquet", "lakeform.asset": "clean/orders", "lakeform.owners": table("clean/orders").owners.join(",") });
  });

  it("comments columns with their descriptions and marks personal data", () => {
    const customers = glueTableInput(table("raw/customers"), "b");
    const email = customers.storageDescriptor.columns.find((c) => c.name === "email");
    expect(email).toEqual({ name: "email", type: "string", comment: "HMAC-SHA256 of the lower-cased e-mail: joinable with marketing lists [PII email, hashed]" });
    expect(customers.storageDescriptor.columns.map((c) => c.name).slice(-3)).toEqual(["_loaded_at", "_source_file", "_batch_id"]);
    expect(customers.partitionKeys).toEqual([]);
  });
});

const TYPES = [() => col.string(), () => col.int64(), () => col.double(), () => col.decimal(12, 2), () => col.boolean(), () => col.date(), () => col.timestamp()] as const;
const GLUE = ["string", "bigint", "double", "decimal(12,2)", "boolean", "date", "timestamp"];
const column = fc.record({ type: fc.integer({ min: 0, max: TYPES.length - 1 }), pii: fc.constantFrom<PiiTreatment | "none">("none", "none", "hash", "mask", "drop"), description: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }) });
const catalogShape = fc.array(fc.record({ tier: fc.constantFrom("raw", "clean", "curated"), daily: fc.boolean(), columns: fc.array(column, { minLength: 1, maxLength: 8 }) }), { minLength: 1, maxLength: 10 });

describe("Glue tables over generated catalogs", () => {
  it("give every asset exactly one table with every column that is not dropped, typed for Glue", () => {
    const environment = environmentOf("prop", { region: "eu-west-1", prefix: "lf-prop", runtimeImage: IMAGE });
    fc.assert(
      fc.property(catalogShape, (shape) => {
        const declarations = shape.map((entry, i) => {
          const key = `${entry.tier}/a${i}`;
          const columns: Record<string, Column> = Object.fromEntries(
            entry.columns.map((choice, j) => {
              let built: Column = (TYPES[choice.type] ?? TYPES[0])();
              if (choice.description !== undefined && choice.description.trim() !== "") built = built.describe(choice.description);
              // Hashing and masking keep text: other types can only be dropped.
              const treatment = choice.pii !== "none" && choice.type !== 0 ? "drop" : choice.pii;
              if (treatment !== "none") built = (built as Column<string>).pii("email", treatment);
              return [`c${j}`, built];
            }),
          );
          const partitions = entry.daily ? { partitions: daily({ start: "2024-01-01" }) } : {};
          return entry.tier === "raw"
            ? source(key, { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: `a${i}/*.csv` }), columns, ...partitions })
            : asset(key, { owners: ["team:data"], columns, compute: sql`select 1`, ...partitions });
        });
        const plan = compile(buildAssetGraph(declarations), environment);
        const inputs = plan.tables.map((t) => glueTableInput(t, `${t.location.bucket}-123456789012`));
        for (const [i, entry] of shape.entries()) {
          const key = `${entry.tier}/a${i}`;
          const mine = inputs.filter((input) => input.parameters["lakeform.asset"] === key);
          expect(mine).toHaveLength(1);
          const kept = entry.columns.flatMap((c, j) => (c.pii === "drop" || (c.pii !== "none" && c.type !== 0) ? [] : [[`c${j}`, GLUE[c.type]]]));
          const declared = mine[0]?.storageDescriptor.columns.filter((c) => !c.name.startsWith("_")).map((c) => [c.name, c.type]);
          expect(declared).toEqual(kept);
          for (const c of mine[0]?.storageDescriptor.columns ?? []) expect((c.comment ?? "").length).toBeLessThanOrEqual(255);
          expect(mine[0]?.partitionKeys.map((k) => k.name)).toEqual(entry.daily ? ["dt"] : []);
        }
        expect(inputs).toHaveLength(shape.length);
      }),
      { numRuns: 40 },
    );
  });
});
