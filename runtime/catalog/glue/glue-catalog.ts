import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  GetPartitionsCommand,
  GetTableCommand,
  UpdateTableCommand,
  type GlueClient,
  type StorageDescriptor,
  type Table,
  type TableInput,
} from "@aws-sdk/client-glue";
import type { AssetGraph } from "../../core/graph/asset-graph.ts";
import { catalogDatabaseName, catalogTableName } from "../../core/layout/catalog-names.ts";
import type { CatalogEntry, CatalogPublisher } from "../catalog-publisher.ts";

/** Glue's limits per batch call. */
const CREATE_BATCH = 100;
const UPDATE_BATCH = 100;
const DELETE_BATCH = 25;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The parts of a `Table` that `UpdateTable` takes back as a `TableInput` (read-only fields left out). */
function tableInputOf(table: Table, location: string): TableInput {
  return {
    Name: table.Name,
    Description: table.Description,
    Owner: table.Owner,
    Retention: table.Retention,
    StorageDescriptor: { ...table.StorageDescriptor, Location: location },
    PartitionKeys: table.PartitionKeys,
    TableType: table.TableType,
    Parameters: table.Parameters,
  };
}

/**
 * The Glue Data Catalog as Lakeform publishes into it: the tables the Pulumi program created
 * (`lf_prod_clean.orders`), one partition per published partition, each pointing at its
 * version's folder; an unpartitioned asset's table location points at its version. Partitions
 * are created with the table's storage descriptor (columns, Parquet SerDe) and their own location.
 */
export class GlueCatalog implements CatalogPublisher {
  readonly name = "glue";
  readonly #client: GlueClient;
  readonly #graph: AssetGraph;
  readonly #prefix: string;
  readonly #tables = new Map<string, Table>();

  /** `prefix` is the environment's (`lakeform:prefix`, e.g. `lf-prod`): it names the databases. */
  constructor(options: { readonly client: GlueClient; readonly graph: AssetGraph; readonly prefix: string }) {
    this.#client = options.client;
    this.#graph = options.graph;
    this.#prefix = options.prefix;
  }

  #names(asset: string): { DatabaseName: string; TableName: string } {
    const node = this.#graph.get(asset);
    return { DatabaseName: catalogDatabaseName(this.#prefix, node.tier), TableName: catalogTableName(node) };
  }

  async #table(asset: string): Promise<Table> {
    const cached = this.#tables.get(asset);
    if (cached !== undefined) return cached;
    const { DatabaseName, TableName } = this.#names(asset);
    let table: Table | undefined;
    try {
      table = (await this.#client.send(new GetTableCommand({ DatabaseName, Name: TableName }))).Table;
    } catch (error) {
      if ((error as { name?: string }).name === "EntityNotFoundException") table = undefined;
      else throw new Error(`Asset "${asset}": the Glue table ${DatabaseName}.${TableName} could not be read (${(error as Error).message}). Fix: check the runtime role may glue:GetTable on it.`, { cause: error });
    }
    if (table === undefined) throw new Error(`Asset "${asset}": the Glue table ${DatabaseName}.${TableName} does not exist. Fix: deploy the stack (pulumi up) so that it creates the table.`);
    this.#tables.set(asset, table);
    return table;
  }

  #partitioned(asset: string): boolean {
    return this.#graph.get(asset).partitions !== undefined;
  }

  async locations(asset: string): Promise<Map<string, string>> {
    const table = await this.#table(asset);
    if (!this.#partitioned(asset)) {
      const location = table.StorageDescriptor?.Location;
      // The table's own location before any publish is its prefix, not a version: nothing is published.
      return new Map(location !== undefined && /\/v-[^/]+\/$/.test(location) ? [["", location]] : []);
    }
    const found = new Map<string, string>();
    let NextToken: string | undefined;
    for (let page = 0; page < 100_000; page++) {
      const response = await this.#client.send(new GetPartitionsCommand({ ...this.#names(asset), NextToken, MaxResults: 1000, ExcludeColumnSchema: true }));
      for (const partition of response.Partitions ?? []) {
        const value = partition.Values?.[0];
        const location = partition.StorageDescriptor?.Location;
        if (value !== undefined && location !== undefined) found.set(value, location);
      }
      NextToken = response.NextToken;
      if (NextToken === undefined || NextToken === "") break;
    }
    return found;
  }

  async publish(entries: readonly CatalogEntry[]): Promise<void> {
    const byAsset = new Map<string, CatalogEntry[]>();
    for (const entry of entries) byAsset.set(entry.asset, [...(byAsset.get(entry.asset) ?? []), entry]);
    for (const [asset, assetEntries] of byAsset) {
      const table = await this.#table(asset);
      const names = this.#names(asset);
      if (!this.#partitioned(asset)) {
        const last = assetEntries[assetEntries.length - 1];
        if (last === undefined) continue;
        await this.#client.send(new UpdateTableCommand({ DatabaseName: names.DatabaseName, TableInput: tableInputOf(table, last.location) }));
        this.#tables.set(asset, { ...table, StorageDescriptor: { ...table.StorageDescriptor, Location: last.location } });
        continue;
      }
      const existing = await this.locations(asset);
      const descriptor = (location: string): StorageDescriptor => ({ ...table.StorageDescriptor, Location: location });
      const toCreate = assetEntries.filter((e) => !existing.has(e.partition));
      const toUpdate = assetEntries.filter((e) => existing.has(e.partition) && existing.get(e.partition) !== e.location);
      for (const batch of chunks(toCreate, CREATE_BATCH)) {
        const response = await this.#client.send(new BatchCreatePartitionCommand({ ...names, PartitionInputList: batch.map((e) => ({ Values: [e.partition], StorageDescriptor: descriptor(e.location) })) }));
        // A partition created meanwhile (a concurrent publish or sync) is updated below instead.
        const raced = (response.Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode === "AlreadyExistsException").map((e) => e.PartitionValues?.[0]);
        const failed = (response.Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== "AlreadyExistsException");
        if (failed.length > 0) throw this.#batchError(asset, "create", failed.map((e) => `${e.PartitionValues?.join("/")}: ${e.ErrorDetail?.ErrorCode} ${e.ErrorDetail?.ErrorMessage ?? ""}`.trim()));
        toUpdate.push(...batch.filter((e) => raced.includes(e.partition)));
      }
      for (const batch of chunks(toUpdate, UPDATE_BATCH)) {
        const response = await this.#client.send(new BatchUpdatePartitionCommand({ ...names, Entries: batch.map((e) => ({ PartitionValueList: [e.partition], PartitionInput: { Values: [e.partition], StorageDescriptor: descriptor(e.location) } })) }));
        if ((response.Errors ?? []).length > 0) throw this.#batchError(asset, "update", (response.Errors ?? []).map((e) => `${e.PartitionValueList?.join("/")}: ${e.ErrorDetail?.ErrorCode} ${e.ErrorDetail?.ErrorMessage ?? ""}`.trim()));
      }
    }
  }

  async remove(asset: string, partitions: readonly string[]): Promise<void> {
    if (!this.#partitioned(asset) || partitions.length === 0) return;
    for (const batch of chunks(partitions, DELETE_BATCH)) {
      const response = await this.#client.send(new BatchDeletePartitionCommand({ ...this.#names(asset), PartitionsToDelete: batch.map((partition) => ({ Values: [partition] })) }));
      const failed = (response.Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== "EntityNotFoundException");
      if (failed.length > 0) throw this.#batchError(asset, "remove", failed.map((e) => `${e.PartitionValues?.join("/")}: ${e.ErrorDetail?.ErrorCode} ${e.ErrorDetail?.ErrorMessage ?? ""}`.trim()));
    }
  }

  #batchError(asset: string, action: string, failures: readonly string[]): Error {
    const { DatabaseName, TableName } = this.#names(asset);
    return new Error(`Asset "${asset}": Glue could not ${action} ${failures.length} partition(s) of ${DatabaseName}.${TableName} (${failures.slice(0, 3).join("; ")}${failures.length > 3 ? "; …" : ""}). Fix: check the runtime role's Glue permissions, then run \`lakeform catalog sync\`.`);
  }
}
