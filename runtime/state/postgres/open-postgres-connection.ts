import { DatabaseError, escapeIdentifier } from "pg";
import type { OnNewStore } from "../new-store-notice.ts";
import { StateStoreError } from "../state-errors.ts";
import { applyMigrations } from "./migrations.ts";
import { PostgresConnection } from "./postgres-connection.ts";
import { redactUrl } from "./postgres-url.ts";

/** Options of {@link openPostgresConnection}. */
export interface PostgresStateOptions {
  /**
   * The schema that holds the state tables, created if missing; lets several stores share one
   * database (tests give each suite its own). A plain identifier: letters, digits, underscores.
   * @default the connection's `search_path` (usually `public`)
   */
  readonly schema?: string;
  /**
   * Called before the schema is created when it holds no Lakeform tables yet; may throw to
   * refuse, and then nothing is created.
   * @default unset: the tables are created silently
   */
  readonly onNewStore?: OnNewStore | undefined;
}

/** Connections per process: writes are short transactions, and many processes share the server. */
export const poolSize = 4;
/** How long to wait for a connection (to the server, or a free one in the pool) before failing. */
export const connectTimeoutMs = 10_000;

const plainIdentifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Opens a pool of at most {@link poolSize} connections to `url` (in `schema`, when given, via
 * the connection's `search_path`) and applies pending schema migrations.
 */
export async function openPostgresConnection(url: string, options: PostgresStateOptions = {}): Promise<PostgresConnection> {
  const { schema } = options;
  if (schema !== undefined && (!plainIdentifier.test(schema) || schema.toLowerCase().startsWith("pg_"))) {
    throw new StateStoreError(
      `PostgreSQL schema "${schema}" is not a plain identifier. Fix: use up to 63 letters, digits and underscores, starting with a letter or underscore and not with "pg_".`,
    );
  }
  const db = new PostgresConnection({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 10_000,
    application_name: "lakeform",
    ...(schema === undefined ? {} : { options: `-c search_path=${escapeIdentifier(schema)}` }),
  });
  try {
    if (options.onNewStore !== undefined) {
      const present = await db.row<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
      if (present?.present !== true) options.onNewStore({ location: `${redactUrl(url)}${schema === undefined ? "" : ` (schema "${schema}")`}`, condition: "has no Lakeform tables" });
    }
    await applyMigrations(db, schema === undefined ? {} : { schema });
    return db;
  } catch (error) {
    await db.end();
    if (error instanceof StateStoreError) throw error;
    throw new StateStoreError(`Cannot open the PostgreSQL state store at ${redactUrl(url)}: ${describeError(error)}. Fix: ${fixFor(error, schema)}.`, { cause: error });
  }
}

/** Connecting or logging in failed: a network error, or SQLSTATE 08 (connection), 28 (authentication), 3D000 (no such database). */
function isConnectionFailure(error: unknown): boolean {
  return !(error instanceof DatabaseError) || /^(08|28|3D)/.test(error.code ?? "");
}

function fixFor(error: unknown, schema: string | undefined): string {
  if (isConnectionFailure(error)) return "check LAKEFORM_STATE_URL (host, port, user, password, database) and that the server accepts connections from this machine";
  const where = schema === undefined ? "its default schema" : `schema "${schema}"`;
  return `make sure the user may create tables in ${where} (or create it for them), then open the store again`;
}

/** The driver's message; connection failures to several addresses arrive as an AggregateError without one. */
function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.message === "") return error.errors.map(describeError).join("; ");
  if (error instanceof Error) return error.message === "" ? ((error as { code?: string }).code ?? error.name) : error.message;
  return String(error);
}
