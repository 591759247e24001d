import { asset, col, fileDrop, ref, source, sql, type AssetOptions, type Columns } from "lakeform";

const idColumns = { id: col.string(), value: col.int64() };

/** A valid source in the raw tier; options override the defaults. */
export function aSource(key: string, options: Partial<Parameters<typeof source>[1]> = {}) {
  return source(key, { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "x/*.csv" }), columns: idColumns, ...options });
}

/** A valid SQL asset reading `parents`; options override the defaults. */
export function anAsset(key: string, parents: readonly string[] = [], options: Partial<AssetOptions<Columns>> = {}) {
  const from = parents.length === 0 ? sql`select 1 as id, 2 as value` : sql`select * from ${ref(parents[0] ?? "")}`;
  return asset(key, {
    owners: ["team:data"],
    columns: idColumns,
    compute: from,
    deps: parents.slice(1),
    ...options,
  });
}
