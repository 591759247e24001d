import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openStateStore } from "../../runtime/state/open-state-store.ts";
import { applyMigrations, migrations, type Migration } from "../../runtime/state/postgres/migrations.ts";
import { openPostgresConnection } from "../../runtime/state/postgres/open-postgres-connection.ts";
import { PostgresConnection } from "../../runtime/state/postgres/postgres-connection.ts";
import { PostgresStateStore } from "../../runtime/state/postgres/postgres-state-store.ts";
import type { CheckResultRecord } from "../../runtime/state/records.ts";
import { SqliteStateStore } from "../../runtime/state/sqlite/sqlite-state-store.ts";
import type { StateStore } from "../../runtime/state/state-store.ts";
import { describeStateStoreContract } from "./state-store-contract.ts";
import { describeSchedulerStoreContract } from "./scheduler-store-contract.ts";
import { describePostgres, TestSchemas, withClient } from "./support/postgres-test-database.ts";
import { startWorker } from "./support/start-worker.ts";

const workerScript = fileURLToPath(new URL("./support/postgres-publish-worker.ts", import.meta.url));
const aRun = (id: string) => ({ id, selection: "*", trigger: "manual" as const, startedAt: new Date(Date.UTC(2024, 4, 1)), pid: 1, host: "h" });

describePostgres("PostgreSQL state store", (url) => {
  const contractSchemas = new TestSchemas(url, "contract");
  describeStateStoreContract("PostgreSQL", async () => PostgresStateStore.open(url, { schema: contractSchemas.fresh() }), { cleanup: () => contractSchemas.dropAll() });
  describeSchedulerStoreContract("PostgreSQL", async () => PostgresStateStore.open(url, { schema: contractSchemas.fresh() }));

  const schemas = new TestSchemas(url, "pg");
  afterAll(() => schemas.dropAll());

  describe("schema and migrations", () => {
    it("records every migration once when several stores open a new schema at once; reopening changes nothing and keeps the data", async () => {
      const schema = schemas.fresh();
      const stores = await Promise.all([1, 2, 3, 4].map(() => PostgresStateStore.open(url, { schema })));
      await stores[0]?.createRun(aRun("r1"));
      expect((await stores[3]?.getRun("r1"))?.id).toBe("r1");
      await Promise.all(stores.map((s) => s.close()));
      const reopened = await PostgresStateStore.open(url, { schema });
      expect((await reopened.listRuns()).map((r) => r.id)).toEqual(["r1"]);
      await reopened.close();

      const applied = await withClient(url, schema, async (client) => (await client.query<{ version: number; applied_at: string }>("SELECT version, applied_at FROM schema_migrations ORDER BY version")).rows);
      expect(applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
      expect(applied.every((m) => !Number.isNaN(Date.parse(m.applied_at)))).toBe(true);
      const db = await openPostgresConnection(url, { schema });
      try {
        expect(await applyMigrations(db, { schema })).toEqual([]);
      } finally {
        await db.end();
      }
    });

    it("applies pending migrations in order and only those", async () => {
      const schema = schemas.fresh();
      const steps = [
        { version: 1, description: "one", sql: "CREATE TABLE one (x integer)" },
        { version: 2, description: "two", sql: "CREATE TABLE two (x integer)" },
      ];
      const { db, applied } = await openCustom(url, schema, steps.slice(0, 1));
      try {
        expect(applied).toEqual([1]);
        expect(await applyMigrations(db, { schema, steps })).toEqual([2]);
        expect(await applyMigrations(db, { schema, steps })).toEqual([]);
        await expect(applyMigrations(db, { schema, steps: [steps[1], steps[0]].filter((s) => s !== undefined) })).rejects.toThrow(/Migration 1 \("one"\) is out of order\. Fix:/);
      } finally {
        await db.end();
      }
    });

    it("rolls a failing migration back and refuses a schema written by a newer Lakeform", async () => {
      const schema = schemas.fresh();
      const broken = [{ version: 1, description: "broken", sql: "CREATE TABLE t (x integer); INSERT INTO nope VALUES (1)" }];
      const { db, applied } = await openCustom(url, schema, []);
      try {
        expect(applied).toEqual([]);
        await expect(applyMigrations(db, { schema, steps: broken })).rejects.toThrow(/relation "nope" does not exist/);
        expect(await db.row("SELECT to_regclass('t') AS t")).toEqual({ t: null });
        await db.run("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'x')");
      } finally {
        await db.end();
      }
      const known = migrations.at(-1)?.version;
      await expect(PostgresStateStore.open(url, { schema })).rejects.toThrow(`schema version 999, newer than this Lakeform knows (${known}). Fix: upgrade Lakeform`);
    });

    it("explains a database it cannot open, without showing the password", async () => {
      const wrong = new URL(url);
      wrong.pathname = "/lakeform_no_such_database";
      const failure = PostgresStateStore.open(wrong.toString(), { schema: schemas.fresh() });
      await expect(failure).rejects.toThrow(/^Cannot open the PostgreSQL state store at postgres:\/\/.*\/lakeform_no_such_database: database "lakeform_no_such_database" does not exist\. Fix: check LAKEFORM_STATE_URL/);
      if (wrong.password !== "") {
        await expect(failure).rejects.toThrow(`:***@${wrong.host}/`);
        await expect(failure).rejects.not.toThrow(`:${wrong.password}@`);
      }
    });

    it("refuses a schema name that is not a plain identifier", async () => {
      await expect(PostgresStateStore.open(url, { schema: "state; DROP TABLE runs" })).rejects.toThrow(/PostgreSQL schema "state; DROP TABLE runs" is not a plain identifier\. Fix:/);
      await expect(PostgresStateStore.open(url, { schema: "pg_state" })).rejects.toThrow(/not with "pg_"/);
    });
  });

  describe("same results as SQLite", () => {
    /** Runs `scenario` on a new PostgreSQL store and an in-memory SQLite one, returning both results. */
    async function onBoth<T>(scenario: (store: StateStore) => Promise<T>): Promise<{ postgres: T; sqlite: T }> {
      const postgresStore = await PostgresStateStore.open(url, { schema: schemas.fresh() });
      const sqliteStore = SqliteStateStore.open(":memory:");
      try {
        return { postgres: await scenario(postgresStore), sqlite: await scenario(sqliteStore) };
      } finally {
        await Promise.all([postgresStore.close(), sqliteStore.close()]);
      }
    }

    it("keeps JSON exactly as given: key order (sample columns print in table order), NUL characters and lone surrogates", async () => {
      const sample = { order_id: null, amount: 12.5, a: "nul \u0000 here", note: "lone \ud800 surrogate", nested: { z: 1, b: [true, null] } };
      const { postgres, sqlite } = await onBoth(async (store) => {
        await store.createRun(aRun("r1"));
        const m = await store.startMaterialisation({ runId: "r1", asset: "clean/orders", partition: "", version: "v", fingerprint: "f", startedAt: new Date(0) });
        const result: CheckResultRecord = {
          materialisationId: m.id, asset: "clean/orders", partition: "", check: "not_null", kind: "not_null", severity: "error", blocking: true,
          status: "fail", message: "1 null", metrics: { rows: 1, failing: 1, column: "order_id" }, failingSample: [sample], evaluatedAt: new Date(1),
        };
        await store.recordCheckResults([result]);
        await store.publish([{ id: m.id, rows: 1, bytes: 2, files: ["b.parquet", "a.parquet"], timings: { compute: 3, checks: 2, publish: 1 } }], new Date(2));
        const [stored] = await store.checkResults("clean/orders");
        const [version] = await store.materialisationHistory("clean/orders");
        return JSON.stringify([stored?.failingSample, stored?.metrics, version?.timings, version?.files]);
      });
      expect(postgres).toBe(sqlite);
      expect(postgres).toBe(JSON.stringify([[sample], { rows: 1, failing: 1, column: "order_id" }, { compute: 3, checks: 2, publish: 1 }, ["b.parquet", "a.parquet"]]));
    });

    it("orders partitions by code point whatever the database's locale", async () => {
      const partitions = ["a", "B", "a-c", "ab", "é", "Z", "2024-05-01", "2024-05-01T10"];
      const { postgres, sqlite } = await onBoth(async (store) => {
        for (const [i, partition] of partitions.entries()) {
          await store.createRun(aRun(`r${i}`));
          const m = await store.startMaterialisation({ runId: `r${i}`, asset: "a", partition, version: `v${i}`, fingerprint: "f", startedAt: new Date(i) });
          await store.publish([{ id: m.id, rows: i, bytes: 0, files: [], timings: {} }], new Date(i));
        }
        return {
          visible: (await store.publishedVersions("a")).map((p) => p.partition),
          counts: (await store.publishedRowCounts("a", { limit: 100 })).map((r) => r.partition),
        };
      });
      expect(postgres).toEqual(sqlite);
      expect(postgres.visible).toEqual([...partitions].sort());
      const schema = schemas.fresh();
      await (await PostgresStateStore.open(url, { schema })).close();
      const collations = await withClient(url, undefined, async (c) => (await c.query<{ collation_name: string | null }>(
        "SELECT DISTINCT collation_name FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('id', 'asset', 'partition_key', 'run_id') AND data_type = 'text'",
        [schema],
      )).rows);
      expect(collations).toEqual([{ collation_name: "C" }]);
    });

    it("keeps every valid Date and count exactly, to the millisecond", async () => {
      const extremes = [new Date(-8.64e15), new Date(8.64e15), new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999))];
      const { postgres, sqlite } = await onBoth(async (store) => {
        for (const [i, startedAt] of extremes.entries()) await store.createRun({ ...aRun(`r${i}`), startedAt, pid: Number.MAX_SAFE_INTEGER });
        return (await store.listRuns()).map((r) => [r.id, r.startedAt.getTime(), r.pid]);
      });
      expect(postgres).toEqual(sqlite);
      expect(postgres).toEqual([["r1", 8.64e15, Number.MAX_SAFE_INTEGER], ["r2", -1, Number.MAX_SAFE_INTEGER], ["r0", -8.64e15, Number.MAX_SAFE_INTEGER]]);
    });

    it("treats ids that cannot exist (fractions, NaN, unsafe integers) as unknown", async () => {
      const { postgres, sqlite } = await onBoth(async (store) => {
        const outcomes: string[] = [];
        for (const id of [1.5, Number.NaN, 2 ** 60]) {
          await store.finishMaterialisation(id, { status: "failed", finishedAt: new Date(0) }).catch((e: Error) => outcomes.push(e.message));
          await store.publish([{ id, rows: 0, bytes: 0, files: [], timings: {} }], new Date(0)).catch((e: Error) => outcomes.push(e.message));
          outcomes.push(JSON.stringify(await store.checkResults("a", { materialisationId: id })));
        }
        return outcomes;
      });
      expect(postgres).toEqual(sqlite);
      expect(postgres[0]).toMatch(/^Materialisation 1\.5 is not in the state store\. Fix:/);
    });

    it("differs in one way: U+0000 in a failure reason or check message is kept as U+FFFD (PostgreSQL text cannot hold it)", async () => {
      const store = await PostgresStateStore.open(url, { schema: schemas.fresh() });
      try {
        await store.createRun(aRun("r1"));
        const m = await store.startMaterialisation({ runId: "r1", asset: "a", partition: "", version: "v", fingerprint: "f", startedAt: new Date(0) });
        const failed = await store.finishMaterialisation(m.id, { status: "failed", finishedAt: new Date(1), reason: "bad line: a\u0000b" });
        expect(failed.reason).toBe("bad line: a\uFFFDb");
      } finally {
        await store.close();
      }
    });
  });

  describe("several processes at once", () => {
    it("serialises 3 processes publishing the same partition: one visible version, the rest superseded, no errors", async () => {
      const schema = schemas.fresh();
      const iterations = 40;
      const workers = ["w1", "w2", "w3"].map((name) => startWorker(workerScript, [url, schema, name, String(iterations)], name, 90_000));
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.go();
      const exits = await Promise.all(workers.map((w) => w.exit));
      expect(exits).toEqual(workers.map(() => ({ code: 0, stderr: "" })));

      const store = await PostgresStateStore.open(url, { schema });
      try {
        const history = await store.materialisationHistory("clean/orders", { partition: "2024-05-01" });
        expect(history).toHaveLength(3 * iterations);
        expect(new Set(history.map((m) => m.id)).size).toBe(3 * iterations);
        const published = history.filter((m) => m.status === "published");
        expect(published).toHaveLength(1);
        expect(history.filter((m) => m.status !== "published").every((m) => m.status === "superseded")).toBe(true);
        expect(published[0]?.version).toMatch(new RegExp(`^v-w[123]-${iterations - 1}$`));
        expect((await store.publishedVersions("clean/orders")).map((p) => p.materialisationId)).toEqual([published[0]?.id]);
        const runs = await store.listRuns();
        expect(runs).toHaveLength(3 * iterations);
        expect(runs.every((r) => r.status === "succeeded")).toBe(true);
      } finally {
        await store.close();
      }
      const pointers = await withClient(url, schema, async (c) => (await c.query("SELECT count(*)::int AS n FROM published")).rows);
      expect(pointers).toEqual([{ n: 1 }]);
    });

    it("publishes batches of two partitions from 3 processes, in opposite orders, without deadlocks: both visible versions come from the same batch", async () => {
      const schema = schemas.fresh();
      const iterations = 20;
      const orders = { w1: ["d1", "d2"], w2: ["d2", "d1"], w3: ["d1", "d2"] };
      const workers = Object.entries(orders).map(([name, partitions]) => startWorker(workerScript, [url, schema, name, String(iterations), ...partitions], name, 90_000));
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.go();
      const exits = await Promise.all(workers.map((w) => w.exit));
      expect(exits).toEqual(workers.map(() => ({ code: 0, stderr: "" })));

      const store = await PostgresStateStore.open(url, { schema });
      try {
        for (const partition of ["d1", "d2"]) {
          const history = await store.materialisationHistory("clean/orders", { partition });
          expect(history).toHaveLength(3 * iterations);
          expect(history.filter((m) => m.status === "published")).toHaveLength(1);
          expect(history.filter((m) => m.status !== "published").every((m) => m.status === "superseded")).toBe(true);
        }
        const visible = await store.publishedVersions("clean/orders");
        expect(visible.map((p) => p.partition)).toEqual(["d1", "d2"]);
        expect(visible[0]?.version).toMatch(new RegExp(`^v-w[123]-${iterations - 1}$`));
        expect(visible[1]?.version).toBe(visible[0]?.version);
      } finally {
        await store.close();
      }
    });
  });

  describe("openStateStore with PostgreSQL", () => {
    it("opens PostgreSQL for a postgres:// or postgresql:// URL", async () => {
      const schema = schemas.fresh();
      await (await PostgresStateStore.open(url, { schema })).close();
      const inSchema = `${url}${url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      for (const candidate of [inSchema, inSchema.replace(/^postgres(ql)?:/, "postgresql:")]) {
        const store = await openStateStore({ url: candidate, sqlitePath: "/nonexistent/state.db" });
        try {
          expect(store).toBeInstanceOf(PostgresStateStore);
          expect(await store.listRuns()).toEqual([]);
        } finally {
          await store.close();
        }
      }
    });
  });
});

/** A connection to `schema` migrated with `steps` only, for tests of the migration runner. */
async function openCustom(url: string, schema: string, steps: readonly Migration[]): Promise<{ db: PostgresConnection; applied: number[] }> {
  const db = new PostgresConnection({ connectionString: url, options: `-c search_path=${pg.escapeIdentifier(schema)}` });
  return { db, applied: await applyMigrations(db, { schema, steps }) };
}

describe("openStateStore without PostgreSQL", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("opens the SQLite file when the URL is unset or empty", async () => {
    for (const url of [undefined, "", "  "]) {
      const dir = mkdtempSync(join(tmpdir(), "lakeform-open-state-"));
      dirs.push(dir);
      const store = await openStateStore({ url, sqlitePath: join(dir, "state.db") });
      try {
        expect(store).toBeInstanceOf(SqliteStateStore);
      } finally {
        await store.close();
      }
    }
  });

  it("refuses a URL of another scheme, without showing its password", async () => {
    await expect(openStateStore({ url: "mysql://root:hunter2@db/state", sqlitePath: ".lakeform/state.db" })).rejects.toThrow(
      'LAKEFORM_STATE_URL "mysql://root:***@db/state" is not a postgres:// URL. Fix: set it to postgres://user:password@host:5432/database for shared PostgreSQL state, or unset it to use the local SQLite file .lakeform/state.db.',
    );
    await expect(openStateStore({ url: "/var/lib/lakeform/state.db", sqlitePath: "x.db" })).rejects.toThrow(/"\/var\/lib\/lakeform\/state\.db" is not a postgres:\/\/ URL/);
  });

  it("explains a server it cannot reach, without showing the password", async () => {
    const failure = openStateStore({ url: "postgres://lakeform:hunter2@127.0.0.1:1/lakeform", sqlitePath: "x.db" });
    await expect(failure).rejects.toThrow(/^Cannot open the PostgreSQL state store at postgres:\/\/lakeform:\*\*\*@127\.0\.0\.1:1\/lakeform: .*ECONNREFUSED.*\. Fix: check LAKEFORM_STATE_URL/);
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });
});
