import pg from "pg";
import { describe, it } from "vitest";

/**
 * The PostgreSQL the tests use: `LAKEFORM_TEST_POSTGRES_URL` (`.ci/run` starts a local server
 * and sets it). Each suite works in schemas of its own and drops them afterwards.
 */
export const postgresTestUrl: string | undefined = process.env.LAKEFORM_TEST_POSTGRES_URL?.trim() || undefined;

const missingUrl =
  "LAKEFORM_TEST_POSTGRES_URL is not set. Fix: point it at a PostgreSQL database the tests may create schemas in, " +
  "e.g. postgres://lakeform:lakeform@127.0.0.1:5432/lakeform_test (bash .ci/run sets one up)";

/**
 * `describe` for tests that need PostgreSQL. Without `LAKEFORM_TEST_POSTGRES_URL` the suite is
 * skipped with the reason in its name and a warning, except under CI (`CI=true`), where it fails:
 * CI must never pass without running these tests.
 */
export function describePostgres(name: string, body: (url: string) => void): void {
  if (postgresTestUrl !== undefined) {
    describe(name, () => body(postgresTestUrl));
  } else if (process.env.CI === "true") {
    describe(name, () => {
      it("runs against PostgreSQL", () => {
        throw new Error(`${name}: cannot run under CI. ${missingUrl}.`);
      });
    });
  } else {
    console.warn(`Skipping "${name}": ${missingUrl}.`);
    describe.skip(`${name} (skipped: LAKEFORM_TEST_POSTGRES_URL is not set)`, () => body("postgres://unset"));
  }
}

/** Hands out fresh schema names and drops every schema handed out. */
export class TestSchemas {
  readonly #url: string;
  readonly #prefix: string;
  readonly #names: string[] = [];

  constructor(url: string, label: string) {
    this.#url = url;
    this.#prefix = `lakeform_test_${label}_${process.pid}_${Date.now().toString(36)}`;
  }

  /** A schema name not used before; the store creates it when it opens. */
  fresh(): string {
    const name = `${this.#prefix}_${this.#names.length}`;
    this.#names.push(name);
    return name;
  }

  async dropAll(): Promise<void> {
    const names = this.#names.splice(0);
    if (names.length === 0) return;
    await withClient(this.#url, undefined, async (client) => {
      await client.query(`DROP SCHEMA IF EXISTS ${names.map((n) => pg.escapeIdentifier(n)).join(", ")} CASCADE`);
    });
  }
}

/** Runs `fn` with a connection of its own, in `schema` when given. */
export async function withClient<T>(url: string, schema: string | undefined, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, ...(schema === undefined ? {} : { options: `-c search_path=${pg.escapeIdentifier(schema)}` }) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
