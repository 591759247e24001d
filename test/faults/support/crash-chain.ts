import { asset, buildAssetGraph, col, ref, sql } from "lakeform";

/** Two SQL assets, the second reading the first: a run publishes `clean/first`, then computes `clean/second`. */
const first = asset("clean/first", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select 1 as id` });
const second = asset("clean/second", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select id + 1 as id from ${ref(first)}`, checks: (c) => [c.notNull("id")] });

export const crashChain = buildAssetGraph([first, second]);
