import fc from "fast-check";
import { asset, buildAssetGraph, col, fileDrop, source, sql, type Column, type PiiTreatment } from "lakeform";
import { describe, expect, it } from "vitest";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import { IMAGE } from "./example-stacks.ts";

const TYPES = [() => col.string(), () => col.int64(), () => col.double(), () => col.decimal(12, 2), () => col.boolean(), () => col.date(), () => col.timestamp()] as const;

interface ColumnChoice {
  readonly type: number;
  readonly pii: PiiTreatment | "none";
  readonly nullable: boolean;
}

const column = fc.record({ type: fc.integer({ min: 0, max: TYPES.length - 1 }), pii: fc.constantFrom<PiiTreatment | "none">("none", "none", "hash", "mask", "drop"), nullable: fc.boolean() });
const catalogShape = fc.array(fc.record({ tier: fc.constantFrom("raw", "clean", "curated"), columns: fc.array(column, { minLength: 1, maxLength: 8 }) }), { minLength: 1, maxLength: 12 });

function columnsOf(choices: readonly ColumnChoice[]): Record<string, Column> {
  return Object.fromEntries(
    choices.map((choice, i) => {
      let built: Column = (TYPES[choice.type] ?? TYPES[0])();
      if (choice.nullable) built = built.nullable();
      // Hashing and masking produce text, so other types can only be dropped.
      const treatment = choice.pii !== "none" && choice.type !== 0 ? "drop" : choice.pii;
      if (treatment !== "none") built = (built as Column<string>).pii("email", treatment);
      return [`c${i}`, built];
    }),
  );
}

describe("compile over generated catalogs", () => {
  it("gives every asset exactly one table with every column that lands, and grants no PII to roles without it", () => {
    const environment = environmentOf("prop", { region: "eu-west-1", prefix: "lf-prop", runtimeImage: IMAGE, consumers: { readers: { principal: "arn:aws:iam::123456789012:role/readers", tiers: ["raw", "clean", "curated"] } } });
    fc.assert(
      fc.property(catalogShape, (shape) => {
        const declarations = shape.map((entry, i) => {
          const key = `${entry.tier}/a${i}`;
          const columns = columnsOf(entry.columns);
          return entry.tier === "raw"
            ? source(key, { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: `a${i}/*.csv` }), columns })
            : asset(key, { owners: ["team:data"], columns, compute: sql`select 1` });
        });
        const graph = buildAssetGraph(declarations);
        const plan = compile(graph, environment);
        for (const [i, entry] of shape.entries()) {
          const key = `${entry.tier}/a${i}`;
          const tables = plan.tables.filter((t) => t.asset === key);
          expect(tables).toHaveLength(1);
          const dropped = (c: ColumnChoice) => c.pii === "drop" || (c.pii !== "none" && c.type !== 0);
          const declared = entry.columns.flatMap((c, j) => (dropped(c) ? [] : [`c${j}`]));
          const landed = tables[0]?.columns.filter((c) => c.loadMetadata !== true).map((c) => c.name);
          expect(landed).toEqual(declared);
          expect(tables[0]?.droppedPiiColumns).toEqual(entry.columns.flatMap((c, j) => (dropped(c) ? [`c${j}`] : [])));
          for (const grant of plan.grants.filter((g) => g.asset === key)) {
            const pii = tables[0]?.columns.filter((c) => c.pii !== undefined).map((c) => c.name) ?? [];
            expect(grant.columns.filter((c) => pii.includes(c))).toEqual([]);
            expect([...grant.columns, ...grant.excludedColumns].sort()).toEqual(tables[0]?.columns.map((c) => c.name).sort());
          }
        }
        expect(plan.tables).toHaveLength(shape.length);
      }),
      { numRuns: 60 },
    );
  });
});
