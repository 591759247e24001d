import type { AssetDefinition } from "../../declare/asset.ts";
import { parseDuration } from "../../declare/duration.ts";
import type { HttpApiSourceSpec } from "../../declare/http-api-source.ts";
import type { PostgresSourceSpec } from "../../declare/postgres-source.ts";
import type { Problem } from "../../problem.ts";
import { problemAt, type ValidationContext } from "../validation-context.ts";

const TABLE = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_BATCH_ROWS = 1_000_000;

/** Every problem of one PostgreSQL source, as [message, fix]. */
function postgresProblems(definition: AssetDefinition, spec: PostgresSourceSpec): [string, string][] {
  const problems: [string, string][] = [];
  const columns = definition.columns;
  const hasTable = spec.table !== undefined;
  const hasQuery = spec.query !== undefined;
  if (hasTable === hasQuery) problems.push(["a PostgreSQL source reads exactly one of table and query", 'name a table (table: "public.orders") or write a query (query: "select …"), not both']);
  if (hasTable && !TABLE.test(spec.table ?? "")) problems.push([`table "${String(spec.table)}" is not a table name`, 'write it as "schema.table" or "table", e.g. "public.orders"']);
  if (hasQuery && !/^\s*(select|with)\b/i.test(spec.query ?? "")) problems.push(["the query is not a SELECT", "write one SELECT (or WITH … SELECT) statement, without a trailing semicolon"]);
  if (spec.connection?.kind !== "env" || !VARIABLE.test(spec.connection.name)) problems.push(["the connection URL must come from an environment secret", 'write connection: env("APP_DATABASE_URL") and set that variable where the runtime runs']);
  if (spec.mode !== "incremental" && spec.mode !== "snapshot") problems.push([`mode "${String(spec.mode)}" is not an extraction mode`, 'use "incremental" (with a cursor column) or "snapshot"']);
  if (spec.mode === "incremental" && spec.cursor === undefined) problems.push(["an incremental PostgreSQL source needs a cursor column", 'name a column that grows with every change, e.g. cursor: "updated_at", or use mode: "snapshot"']);
  if (spec.mode === "snapshot" && (spec.cursor !== undefined || spec.lookback !== undefined)) problems.push(["a snapshot reads the whole table, so it has no cursor or lookback", 'remove cursor and lookback, or use mode: "incremental"']);
  for (const [role, name] of [["cursor", spec.cursor], ["softDelete", spec.softDelete]] as const) {
    if (name !== undefined && columns[name] === undefined) problems.push([`its ${role} column "${name}" is not declared`, `declare "${name}" in columns (it lands with the rows)`]);
  }
  const cursorType = spec.cursor === undefined ? undefined : columns[spec.cursor]?.spec.type.kind;
  if (spec.cursor !== undefined && columns[spec.cursor]?.spec.pii !== undefined) problems.push([`its cursor column "${spec.cursor}" is PII`, "use a column that holds no personal data as the cursor (updated_at, an id)"]);
  if (spec.lookback !== undefined) {
    if (parseDuration(spec.lookback) === undefined) problems.push([`lookback "${String(spec.lookback)}" is not a duration`, 'write it like "10m", "1h" or "1d"']);
    else if (cursorType !== undefined && cursorType !== "timestamp") problems.push([`a lookback needs a timestamp cursor, and "${String(spec.cursor)}" is ${cursorType}`, 'remove lookback, or use a timestamp cursor such as "updated_at"']);
  }
  if (spec.batchRows !== undefined && (!Number.isSafeInteger(spec.batchRows) || spec.batchRows < 1 || spec.batchRows > MAX_BATCH_ROWS)) problems.push([`batchRows ${String(spec.batchRows)} is not a whole number from 1 to ${MAX_BATCH_ROWS}`, "leave it out (10000) or pick a size that bounds memory"]);
  const keyed = Object.keys(columns).filter((name) => columns[name]?.spec.primaryKey === true);
  if (spec.mode === "incremental" && keyed.length > 0) problems.push([`an incremental source keeps every change of a row, so its primary key (${keyed.map((k) => `"${k}"`).join(", ")}) repeats in raw`, "remove primaryKey() here and declare it on the clean asset that keeps each row's newest version"]);
  if (definition.partitions !== undefined) problems.push(["a PostgreSQL source is not partitioned: each run extracts what is new", "remove partitions; partition the tiers downstream"]);
  return problems;
}

const PARAM = /^[A-Za-z0-9_.[\]-]+$/;

/** Every problem of one HTTP API source, as [message, fix]. */
function httpApiProblems(definition: AssetDefinition, spec: HttpApiSourceSpec): [string, string][] {
  const problems: [string, string][] = [];
  let url: URL | undefined;
  try {
    url = new URL(spec.url);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) problems.push([`url "${String(spec.url)}" is not an http(s) URL`, 'write the first page\'s URL, e.g. "https://api.example.com/v1/orders"']);
  else if (url.username !== "" || url.password !== "") problems.push(["the url holds credentials", 'remove them from the URL and declare token: env("API_TOKEN")']);
  if (spec.token !== undefined && (spec.token.kind !== "env" || !VARIABLE.test(spec.token.name))) problems.push(["the token must come from an environment secret", 'write token: env("SHOP_API_TOKEN")']);
  const p = spec.pagination;
  if (p !== undefined) {
    if (p.kind !== "link" && !PARAM.test(p.param)) problems.push([`pagination param "${String(p.param)}" is not a query parameter name`, 'name the parameter the API reads, e.g. "cursor", "page" or "offset"']);
    if (p.kind === "cursor" && (typeof p.next !== "string" || p.next.trim() === "")) problems.push(["cursor pagination needs the path of the next cursor in a page", 'write next: "meta.next_cursor"']);
    if (p.kind === "offset" && (!Number.isSafeInteger(p.limit) || p.limit < 1 || !PARAM.test(p.limitParam))) problems.push(["offset pagination needs a page size of at least 1 and its parameter name", 'write { kind: "offset", param: "offset", limitParam: "limit", limit: 100 }']);
  }
  if (spec.requestsPerSecond !== undefined && !(spec.requestsPerSecond > 0 && spec.requestsPerSecond <= 1000)) problems.push([`requestsPerSecond ${String(spec.requestsPerSecond)} is not between 0 and 1000`, "leave it out (5) or set the API's documented rate"]);
  for (const [name, value] of [["timeout", spec.timeout], ["maxDuration", spec.maxDuration]] as const) {
    if (value !== undefined && !(parseDuration(value) !== undefined && (parseDuration(value) ?? 0) > 0)) problems.push([`${name} "${String(value)}" is not a duration`, 'write it like "30s" or "15m"']);
  }
  for (const [name, value] of [["maxRetries", spec.maxRetries], ["maxPages", spec.maxPages]] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < (name === "maxPages" ? 1 : 0))) problems.push([`${name} ${String(value)} is not a whole number${name === "maxPages" ? " of at least 1" : ""}`, `leave it out or set a whole number`]);
  }
  if (definition.partitions !== undefined) problems.push(["an HTTP API source is not partitioned: each run reads the API's records", "remove partitions; partition the tiers downstream"]);
  return problems;
}

/** A source measured by its newest record (`loadedAtField`) names a declared timestamp column and has a policy to measure against. */
function loadedAtProblems(definition: AssetDefinition, field: string): [string, string][] {
  const column = definition.columns[field];
  if (column === undefined) return [[`its loadedAtField "${field}" is not declared`, `declare "${field}" as col.timestamp(), or name a declared timestamp column`]];
  const problems: [string, string][] = [];
  if (column.spec.type.kind !== "timestamp") problems.push([`its loadedAtField "${field}" is ${column.spec.type.kind}, not a timestamp`, "name a timestamp column (when each record was made or changed)"]);
  if (column.spec.pii?.treatment === "drop") problems.push([`its loadedAtField "${field}" is PII dropped at the door, so it never lands`, "name a column that lands"]);
  if (definition.freshness === undefined) problems.push([`loadedAtField "${field}" measures freshness, but the source has no freshness policy`, 'add freshness: maxLag({ warnAfter: "1h", failAfter: "6h" }), or remove loadedAtField']);
  return problems;
}

/** Sources that Lakeform extracts itself (PostgreSQL) are declared so they can run, and a source measured by its newest record can be. File drops are checked with the compute (`compute.ts`). */
export function validateSources({ definitions }: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const definition of definitions) {
    const compute = definition.compute as AssetDefinition["compute"] | undefined;
    if (compute?.kind !== "ingest") continue;
    const from = compute.from;
    const own = from.kind === "postgres" ? postgresProblems(definition, from) : from.kind === "httpApi" ? httpApiProblems(definition, from) : [];
    const found = [...own, ...(compute.loadedAtField === undefined ? [] : loadedAtProblems(definition, compute.loadedAtField))];
    for (const [message, fix] of found) problems.push(problemAt(definition, message, fix));
  }
  return problems;
}
