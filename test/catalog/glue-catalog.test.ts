import "aws-sdk-client-mock-vitest/extend";
import { BatchCreatePartitionCommand, BatchDeletePartitionCommand, BatchUpdatePartitionCommand, UpdateTableCommand } from "@aws-sdk/client-glue";
import { asset, buildAssetGraph, col, daily, sql } from "lakeform";
import { describe, expect, it } from "vitest";
import { GlueCatalog } from "../../runtime/catalog/glue/glue-catalog.ts";
import { syncCatalog } from "../../runtime/catalog/sync-catalog.ts";
import type { PublishedVersion } from "../../runtime/state/records.ts";
import { filesAt } from "../../runtime/storage/data-location.ts";
import { fakeGlue } from "./fake-glue.ts";

const orders = asset("clean/orders", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select 1 as id`, partitions: daily({ start: "2024-01-01" }) });
const totals = asset("curated/totals", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select 1 as id` });
const graph = buildAssetGraph([orders, totals]);
const store = { locationOf: (key: string) => filesAt(`s3://lf-test-clean-1/${key}`) };
const tables = [{ database: "lf_test_clean", name: "orders", partitioned: true }, { database: "lf_test_curated", name: "totals", partitioned: false }];

function version(asset: string, partition: string, id: string): PublishedVersion {
  const folder = partition === "" ? `${asset}/${id}/` : `${asset}/dt=${partition}/${id}/`;
  return { asset, partition, version: id, materialisationId: 1, fingerprint: "f", publishedAt: new Date(0), rows: 1, files: [`${folder}part-0.parquet`, `${folder}part-1.parquet`], digests: [] };
}

/** A state store that has published `versions` (only what syncCatalog reads). */
const publishedState = (versions: PublishedVersion[]) => ({ publishedVersions: async (asset: string) => versions.filter((v) => v.asset === asset) });

describe("publishing through the Glue catalog", () => {
  it("points each published partition at its version's folder, creating or moving partitions", async () => {
    const glue = fakeGlue(tables);
    const catalog = new GlueCatalog({ client: glue.client, graph, prefix: "lf-test" });
    await catalog.publish([{ asset: "clean/orders", partition: "2024-01-01", location: "s3://b/clean/orders/dt=2024-01-01/v-1/" }, { asset: "clean/orders", partition: "2024-01-02", location: "s3://b/clean/orders/dt=2024-01-02/v-1/" }]);
    await catalog.publish([{ asset: "clean/orders", partition: "2024-01-02", location: "s3://b/clean/orders/dt=2024-01-02/v-2/" }]);
    expect(glue.partitionsOf("lf_test_clean", "orders")).toEqual(new Map([["2024-01-01", "s3://b/clean/orders/dt=2024-01-01/v-1/"], ["2024-01-02", "s3://b/clean/orders/dt=2024-01-02/v-2/"]]));
    expect(glue.mock).toHaveReceivedCommandWith(BatchCreatePartitionCommand, { DatabaseName: "lf_test_clean", TableName: "orders", PartitionInputList: [expect.objectContaining({ Values: ["2024-01-01"], StorageDescriptor: expect.objectContaining({ Location: "s3://b/clean/orders/dt=2024-01-01/v-1/", Columns: [{ Name: "id", Type: "bigint" }] }) }), expect.anything()] });
    expect(glue.mock).toHaveReceivedCommandTimes(BatchUpdatePartitionCommand, 1);
  });

  it("moves an unpartitioned table's location to the version, sending only what UpdateTable accepts", async () => {
    const glue = fakeGlue(tables);
    const catalog = new GlueCatalog({ client: glue.client, graph, prefix: "lf-test" });
    expect(await catalog.locations("curated/totals")).toEqual(new Map());
    await catalog.publish([{ asset: "curated/totals", partition: "", location: "s3://b/curated/totals/v-9/" }]);
    expect(glue.tableLocation("lf_test_curated", "totals")).toBe("s3://b/curated/totals/v-9/");
    expect(glue.mock).toHaveReceivedCommandWith(UpdateTableCommand, { DatabaseName: "lf_test_curated", TableInput: expect.objectContaining({ Name: "totals", TableType: "EXTERNAL_TABLE" }) });
    expect(await new GlueCatalog({ client: glue.client, graph, prefix: "lf-test" }).locations("curated/totals")).toEqual(new Map([["", "s3://b/curated/totals/v-9/"]]));
  });

  it("repairs a crash between the state store's publish and the catalog's, and a second sync changes nothing", async () => {
    const glue = fakeGlue(tables, { pageSize: 7 });
    const catalog = new GlueCatalog({ client: glue.client, graph, prefix: "lf-test" });
    const days = Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, "0")}`);
    // Published in the state store: 30 days (day 5 republished as v-2) and the totals. The catalog
    // saw v-1 of days 1–10 before the crash, and still lists a day 31 that expired since.
    await catalog.publish([...days.slice(0, 10), "2024-01-31"].map((day) => ({ asset: "clean/orders", partition: day, location: `s3://lf-test-clean-1/clean/orders/dt=${day}/v-1/` })));
    const state = publishedState([...days.map((day) => version("clean/orders", day, day === "2024-01-05" ? "v-2" : "v-1")), version("curated/totals", "", "v-3")]);
    const repairs = await syncCatalog({ graph, state, store, catalog });
    expect(repairs.filter((r) => r.action === "pointed").map((r) => `${r.asset} ${r.partition}`)).toEqual(["clean/orders 2024-01-05", ...days.slice(10).map((d) => `clean/orders ${d}`), "curated/totals "]);
    expect(repairs.filter((r) => r.action === "removed")).toEqual([{ asset: "clean/orders", partition: "2024-01-31", action: "removed" }]);
    expect(glue.partitionsOf("lf_test_clean", "orders").get("2024-01-05")).toBe("s3://lf-test-clean-1/clean/orders/dt=2024-01-05/v-2/");
    expect(glue.partitionsOf("lf_test_clean", "orders").size).toBe(30);
    expect(glue.tableLocation("lf_test_curated", "totals")).toBe("s3://lf-test-clean-1/curated/totals/v-3/");
    glue.mock.resetHistory();
    expect(await syncCatalog({ graph, state, store, catalog })).toEqual([]);
    expect(glue.mock).not.toHaveReceivedCommand(BatchCreatePartitionCommand);
    expect(glue.mock).not.toHaveReceivedCommand(BatchUpdatePartitionCommand);
    expect(glue.mock).not.toHaveReceivedCommand(BatchDeletePartitionCommand);
  });

  it("batches within Glue's limits: 100 partitions per create, 25 per delete", async () => {
    const glue = fakeGlue(tables);
    const catalog = new GlueCatalog({ client: glue.client, graph, prefix: "lf-test" });
    const days = Array.from({ length: 230 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
    await catalog.publish(days.map((day) => ({ asset: "clean/orders", partition: day, location: `s3://b/clean/orders/dt=${day}/v-1/` })));
    expect(glue.mock).toHaveReceivedCommandTimes(BatchCreatePartitionCommand, 3);
    await catalog.remove("clean/orders", days.slice(0, 60));
    expect(glue.mock).toHaveReceivedCommandTimes(BatchDeletePartitionCommand, 3);
    expect(glue.partitionsOf("lf_test_clean", "orders").size).toBe(170);
  });

  it("says what to do when the table is missing, or a version has no folder of its own", async () => {
    const glue = fakeGlue([]);
    const catalog = new GlueCatalog({ client: glue.client, graph, prefix: "lf-test" });
    await expect(catalog.locations("clean/orders")).rejects.toThrow('Asset "clean/orders": the Glue table lf_test_clean.orders does not exist. Fix: deploy the stack (pulumi up) so that it creates the table.');
    const single = { ...version("clean/orders", "2024-01-01", "v-1"), files: ["clean/orders/dt=2024-01-01/v-1.parquet"] };
    await expect(syncCatalog({ graph, state: publishedState([single]), store, catalog: new GlueCatalog({ client: fakeGlue(tables).client, graph, prefix: "lf-test" }) })).rejects.toThrow(/Asset "clean\/orders": version v-1 is not in a folder of its own/);
  });
});
