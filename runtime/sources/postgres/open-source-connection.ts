import pg from "pg";
import type { PostgresSourceSpec } from "../../core/declare/postgres-source.ts";
import { LakeformError } from "../../core/errors.ts";
import { redactUrl } from "../../core/redact-url.ts";

/** Every value as the text PostgreSQL prints, so the loader converts it exactly to the declared type. */
const AS_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/**
 * A connection to the source's database, its URL read from the environment secret the
 * declaration names. Neither the URL nor its password ever appears in a message: a failure names
 * the variable and the URL with its password replaced (`redactUrl`).
 */
export async function openSourceConnection(asset: string, spec: PostgresSourceSpec, environment: Readonly<Record<string, string | undefined>>): Promise<pg.Client> {
  const variable = spec.connection.name;
  const url = environment[variable];
  if (url === undefined || url.trim() === "") {
    throw new LakeformError(`Asset "${asset}": its connection URL is read from the environment variable ${variable}, which is not set. Fix: set ${variable} to the database's URL (postgres://user:password@host:5432/database), e.g. from the secret manager.`);
  }
  const client = new pg.Client({ connectionString: url, types: AS_TEXT, application_name: "lakeform-extract" });
  client.on("error", () => undefined);
  try {
    await client.connect();
    // Timestamps print in UTC, whatever the server's or the session's default.
    await client.query("set time zone 'UTC'");
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = (error instanceof Error ? error.message : String(error)).split(url).join(redactUrl(url));
    throw new LakeformError(`Asset "${asset}": cannot connect to ${redactUrl(url)} (from ${variable}): ${reason}. Fix: check that the database is reachable and the URL in ${variable} is right.`);
  }
  return client;
}
