import { bigqueryDialect, col, duckdbDialect, partitionStart, ref, renderSql, sparkDialect, sql, type Dialect } from "lakeform";
import { describe, expect, it } from "vitest";

const query = sql`select * from ${ref("clean/orders")} where amount > ${100} and ordered_at >= ${partitionStart} and note = ${"it's"}`;
const render = (dialect: Dialect) =>
  renderSql(query, { dialect, ref: (r) => dialect.tableName(r.key, { prefix: "lf_dev", project: "acme" }), macros: { partitionStart: new Date("2024-01-01T00:00:00Z") } });

describe("SQL dialects", () => {
  it("render refs as each engine's table names and values as bound parameters", () => {
    expect(render(duckdbDialect)).toEqual({
      text: 'select * from "lf_dev_clean"."orders" where amount > $1 and ordered_at >= $2 and note = $3',
      params: [100, new Date("2024-01-01T00:00:00Z"), "it's"],
    });
    expect(render(sparkDialect).text).toBe("select * from `lf_dev_clean`.`orders` where amount > :p0 and ordered_at >= :p1 and note = :p2");
    expect(render(bigqueryDialect).text).toBe("select * from `acme.lf_dev_clean.orders` where amount > @p0 and ordered_at >= @p1 and note = @p2");
  });

  it("name deeper keys schema + table", () => {
    expect(duckdbDialect.tableName("sales/eu/orders")).toBe('"sales"."eu__orders"');
    expect(bigqueryDialect.tableName("sales/eu/orders")).toBe("`sales.eu__orders`");
  });

  it("map column types", () => {
    const types = [col.string(), col.int32(), col.int64(), col.double(), col.decimal(12, 2), col.decimal(38, 10), col.boolean(), col.date(), col.timestamp(), col.json()].map((c) => c.spec.type);
    expect(types.map((t) => duckdbDialect.columnType(t))).toEqual(["VARCHAR", "INTEGER", "BIGINT", "DOUBLE", "DECIMAL(12,2)", "DECIMAL(38,10)", "BOOLEAN", "DATE", "TIMESTAMPTZ", "JSON"]);
    expect(types.map((t) => sparkDialect.columnType(t))).toEqual(["STRING", "INT", "BIGINT", "DOUBLE", "DECIMAL(12,2)", "DECIMAL(38,10)", "BOOLEAN", "DATE", "TIMESTAMP", "STRING"]);
    expect(types.map((t) => bigqueryDialect.columnType(t))).toEqual(["STRING", "INT64", "INT64", "FLOAT64", "NUMERIC(12, 2)", "BIGNUMERIC(38, 10)", "BOOL", "DATE", "TIMESTAMP", "JSON"]);
  });

  it("refuse a time macro where there is no partition window", () => {
    expect(() => renderSql(query, { dialect: duckdbDialect, ref: (r) => r.key })).toThrow("${partitionStart} has no value: the asset is not partitioned by time");
  });
});
