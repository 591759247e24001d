import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
  type Table,
} from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";

/**
 * Glue at its API boundary: `aws-sdk-client-mock` answering GetTable, GetPartitions (paged),
 * Batch{Create,Update,Delete}Partition and UpdateTable from an in-memory catalog, as Glue does
 * (batch calls report per-partition errors instead of failing).
 */
export function fakeGlue(tables: readonly { database: string; name: string; partitioned: boolean }[], options: { pageSize?: number } = {}) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const catalog = new Map<string, { table: Table; partitions: Map<string, string> }>();
  for (const t of tables) {
    catalog.set(`${t.database}.${t.name}`, {
      table: {
        Name: t.name,
        DatabaseName: t.database,
        TableType: "EXTERNAL_TABLE",
        PartitionKeys: t.partitioned ? [{ Name: "dt", Type: "string" }] : [],
        StorageDescriptor: { Columns: [{ Name: "id", Type: "bigint" }], Location: `s3://lf-test-clean-1/${t.name}/`, InputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", SerdeInfo: { SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" } },
        CreateTime: new Date(0),
      },
      partitions: new Map(),
    });
  }
  const entry = (database: string | undefined, name: string | undefined) => {
    const found = catalog.get(`${database}.${name}`);
    if (found === undefined) throw Object.assign(new Error(`Table ${name} not found.`), { name: "EntityNotFoundException" });
    return found;
  };
  const failures: Error[] = [];
  /** Throws the next failure queued by `failNext`, as Glue would answer one call with an error. */
  const maybeFail = () => {
    const failure = failures.shift();
    if (failure !== undefined) throw failure;
  };
  const client = new GlueClient({ region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const mock = mockClient(client);
  mock.on(GetTableCommand).callsFake((input) => ({ Table: entry(input.DatabaseName, input.Name).table }));
  mock.on(GetPartitionsCommand).callsFake((input) => {
    const all = [...entry(input.DatabaseName, input.TableName).partitions.entries()];
    const size = Math.min(options.pageSize ?? 1000, input.MaxResults ?? 1000);
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
    const page = all.slice(start, start + size);
    return { Partitions: page.map(([value, location]) => ({ Values: [value], StorageDescriptor: { Location: location } })), NextToken: start + size < all.length ? String(start + size) : undefined };
  });
  mock.on(BatchCreatePartitionCommand).callsFake((input) => {
    maybeFail();
    const t = entry(input.DatabaseName, input.TableName);
    if ((input.PartitionInputList ?? []).length > 100) throw Object.assign(new Error("1 validation error: PartitionInputList must have length less than or equal to 100"), { name: "ValidationException" });
    const Errors = [];
    for (const p of input.PartitionInputList ?? []) {
      const value = p.Values?.[0] ?? "";
      if (t.partitions.has(value)) Errors.push({ PartitionValues: [value], ErrorDetail: { ErrorCode: "AlreadyExistsException", ErrorMessage: "Partition already exists." } });
      else t.partitions.set(value, p.StorageDescriptor?.Location ?? "");
    }
    return { Errors };
  });
  mock.on(BatchUpdatePartitionCommand).callsFake((input) => {
    const t = entry(input.DatabaseName, input.TableName);
    const Errors = [];
    for (const e of input.Entries ?? []) {
      const value = e.PartitionValueList?.[0] ?? "";
      if (!t.partitions.has(value)) Errors.push({ PartitionValueList: [value], ErrorDetail: { ErrorCode: "EntityNotFoundException", ErrorMessage: "Partition not found." } });
      else t.partitions.set(value, e.PartitionInput?.StorageDescriptor?.Location ?? "");
    }
    return { Errors };
  });
  mock.on(BatchDeletePartitionCommand).callsFake((input) => {
    const t = entry(input.DatabaseName, input.TableName);
    if ((input.PartitionsToDelete ?? []).length > 25) throw Object.assign(new Error("PartitionsToDelete must have length less than or equal to 25"), { name: "ValidationException" });
    const Errors = [];
    for (const p of input.PartitionsToDelete ?? []) {
      const value = p.Values?.[0] ?? "";
      if (!t.partitions.delete(value)) Errors.push({ PartitionValues: [value], ErrorDetail: { ErrorCode: "EntityNotFoundException", ErrorMessage: "Partition not found." } });
    }
    return { Errors };
  });
  mock.on(UpdateTableCommand).callsFake((input) => {
    const t = entry(input.DatabaseName, input.TableInput?.Name);
    if (input.TableInput?.CreateTime !== undefined || (input.TableInput as Record<string, unknown>).DatabaseName !== undefined) throw Object.assign(new Error("TableInput has read-only fields"), { name: "ValidationException" });
    t.table = { ...t.table, ...input.TableInput, StorageDescriptor: input.TableInput?.StorageDescriptor };
    return {};
  });
  /** partition → location of one table, as Glue holds it. */
  const partitionsOf = (database: string, name: string) => new Map(entry(database, name).partitions);
  const tableLocation = (database: string, name: string) => entry(database, name).table.StorageDescriptor?.Location;
  /** The next BatchCreatePartition call fails with `error`. */
  const failNextCreate = (error: Error) => failures.push(error);
  return { client, mock, partitionsOf, tableLocation, failNextCreate };
}
