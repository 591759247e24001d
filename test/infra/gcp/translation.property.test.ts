import fc from "fast-check";
import { asset, buildAssetGraph, col, daily, fileDrop, source, sql, type Column, type PiiKind, type PiiTreatment } from "lakeform";
import { describe, expect, it } from "vitest";
import { accessBindings } from "../../../infra/gcp/iam/access-bindings.ts";
import { piiKindsOf } from "../../../infra/gcp/governance/pii-taxonomy.ts";
import { bigQuerySchema } from "../../../infra/gcp/warehouse/bigquery-schema.ts";
import { bigQueryTableArgs } from "../../../infra/gcp/warehouse/bigquery-table-args.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import { IMAGE } from "../plan/example-stacks.ts";

const TYPES = [() => col.string(), () => col.int64(), () => col.double(), () => col.decimal(12, 2), () => col.boolean(), () => col.date(), () => col.timestamp()] as const;
const KINDS: readonly PiiKind[] = ["email", "name", "phone", "ip_address"];
const column = fc.record({ type: fc.integer({ min: 0, max: TYPES.length - 1 }), pii: fc.constantFrom<PiiTreatment | "none">("none", "none", "hash", "mask", "drop"), kind: fc.constantFrom(...KINDS), nullable: fc.boolean() });
const catalogShape = fc.array(fc.record({ tier: fc.constantFrom("raw", "clean", "curated"), partitioned: fc.boolean(), columns: fc.array(column, { minLength: 1, maxLength: 8 }) }), { minLength: 1, maxLength: 10 });
type Choice = { type: number; pii: PiiTreatment | "none"; kind: PiiKind; nullable: boolean };
/** Hashing and masking produce text, so other types can only be dropped. */
const treatmentOf = (c: Choice) => (c.pii !== "none" && c.type !== 0 ? "drop" : c.pii);

function columnsOf(choices: readonly Choice[]): Record<string, Column> {
  return Object.fromEntries(choices.map((choice, i) => {
    let built: Column = (TYPES[choice.type] ?? TYPES[0])();
    if (choice.nullable) built = built.nullable();
    const treatment = treatmentOf(choice);
    if (treatment !== "none") built = (built as Column<string>).pii(choice.kind, treatment);
    return [`c${i}`, built];
  }));
}

describe("BigQuery translation over generated catalogs", () => {
  it("gives every asset one table whose schema has every column that lands, policy-tagged exactly when PII, and a partition column when partitioned", () => {
    const environment = environmentOf("prop", { cloud: "gcp", gcpProject: "acme-prop", region: "europe-west1", prefix: "lf-prop", runtimeImage: IMAGE, consumers: { readers: { principal: "group:readers@acme.example", tiers: ["raw", "clean", "curated"] } } });
    fc.assert(
      fc.property(catalogShape, (shape) => {
        const declarations = shape.map((entry, i) => {
          const key = `${entry.tier}/a${i}`;
          const columns = columnsOf(entry.columns);
          const partitions = entry.partitioned ? { partitions: daily({ start: "2024-01-01" }) } : {};
          return entry.tier === "raw"
            ? source(key, { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: `a${i}/*.csv` }), columns, ...partitions })
            : asset(key, { owners: ["team:data"], columns, compute: sql`select 1`, ...partitions });
        });
        const plan = compile(buildAssetGraph(declarations), environment);
        const kinds = piiKindsOf(plan.tables);
        const tags = Object.fromEntries(kinds.map((kind) => [kind, `tags/${kind}`]));
        const tables = plan.tables.map((table) => ({ table, args: bigQueryTableArgs(table, "prop"), fields: bigQuerySchema(table, tags) }));
        expect(new Set(tables.map((t) => `${t.args.datasetId}.${t.args.tableId}`)).size).toBe(shape.length);
        for (const [i, entry] of shape.entries()) {
          const found = tables.filter((t) => t.table.asset === `${entry.tier}/a${i}`);
          expect(found).toHaveLength(1);
          const { fields, args } = found[0]!;
          const landing = entry.columns.flatMap((c, j) => (treatmentOf(c) === "drop" ? [] : [{ name: `c${j}`, choice: c }]));
          for (const { name, choice } of landing) {
            const field = fields.find((f) => f.name === name);
            expect(field?.mode).toBe(choice.nullable ? "NULLABLE" : "REQUIRED");
            expect(field?.policyTags).toEqual(choice.pii === "none" ? undefined : { names: [`tags/${choice.kind}`] });
          }
          for (const [j, c] of entry.columns.entries()) if (treatmentOf(c) === "drop") expect(fields.some((f) => f.name === `c${j}`)).toBe(false);
          expect(fields.some((f) => f.name === "dt")).toBe(entry.partitioned);
          expect(args.requirePartitionFilter === true).toBe(entry.partitioned);
        }
        // A reader without PII gets masked access to every kind its tiers hold, never the clear values.
        const readers = accessBindings(plan, { runtime: "serviceAccount:rt", scheduler: "serviceAccount:sch" }).filter((b) => b.grantee === "readers");
        expect(readers.filter((b) => b.role === "roles/bigquerydatapolicy.maskedReader").map((b) => (b.scope.kind === "data-policy" ? b.scope.pii : "")).sort()).toEqual(kinds);
        expect(readers.filter((b) => b.role === "roles/datacatalog.categoryFineGrainedReader")).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
