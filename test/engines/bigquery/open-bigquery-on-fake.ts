import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bigqueryClient } from "../../../runtime/engines/bigquery/bigquery-client.ts";
import { BigQueryEngine } from "../../../runtime/engines/bigquery/bigquery-engine.ts";
import type { BigQuerySettings } from "../../../runtime/engines/bigquery/bigquery-settings.ts";
import { stagingTableOf } from "../../../runtime/engines/bigquery/bigquery-tables.ts";
import { bigqueryColumnsOf } from "../../../runtime/engines/bigquery/bigquery-relations.ts";
import type { InputRelation } from "../../../runtime/engines/engine.ts";
import { LocalObjectStore } from "../../../runtime/storage/local/local-object-store.ts";
import { FakeBigQuery } from "../../support/fake-bigquery.ts";
import type { EngineUnderTest } from "../engine-contract.ts";

export const fakeSettings: BigQuerySettings = { project: "lf-test-project", location: "EU", prefix: "lf-test", environment: "test" };

/** The BigQuery engine on a fake BigQuery, with what a test needs to look behind it. */
export interface BigQueryOnFake extends EngineUnderTest {
  readonly engine: BigQueryEngine;
  readonly fake: FakeBigQuery;
  read(sql: string, views: readonly InputRelation[]): Promise<Record<string, unknown>[]>;
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The BigQuery engine through `@google-cloud/bigquery` (a static OAuth2 token, `apiEndpoint` on
 * loopback) against {@link FakeBigQuery}. Outputs are staging tables; data is read back with
 * DuckDB over the fake's tables (views named like the assets, `clean.sales`), as an analyst
 * queries BigQuery. Polling sleeps until the running job settles (bounded). Closing fails when a
 * query job ran without a dry run before it or without `maximumBytesBilled`.
 */
export async function openBigQueryOnFake(settings: Partial<BigQuerySettings> = {}): Promise<BigQueryOnFake> {
  const fake = await FakeBigQuery.start();
  const root = mkdtempSync(join(tmpdir(), "lakeform-bq-fake-"));
  const all = { ...fakeSettings, ...settings };
  const client = bigqueryClient({ project: all.project, location: all.location, apiEndpoint: fake.endpoint, accessToken: "test-token" });
  const engine = new BigQueryEngine({ client, settings: all, sleep: () => fake.settled() });
  return {
    engine,
    fake,
    store: new LocalObjectStore(root),
    tables: {
      outputFor: (node, _partition, version) => stagingTableOf(node, version, all),
      async written(location) {
        if (location.kind !== "table" || !(await fake.hasTable(location.table))) return [];
        return [{ name: location.table, fingerprint: String(fake.writes.get(location.table) ?? 0) }];
      },
    },
    async read(select, views) {
      for (const view of views) {
        const [schema, name] = view.key.split("/") as [string, string];
        const columns = bigqueryColumnsOf(view).map(([c]) => quoteId(c)).join(", ");
        const selects = view.files.map((f) => (f.kind === "table" ? `select ${columns} from ${quoteId(f.table)}` : ""));
        await fake.rows(`create schema if not exists ${quoteId(schema)}`);
        await fake.rows(`create or replace view ${quoteId(schema)}.${quoteId(name)} as ${selects.join(" union all ")}`);
      }
      return fake.rows(select);
    },
    async close() {
      // What the bar asks of every test on this engine: a dry run before every query job, none without maximumBytesBilled.
      const unguarded = fake.unguardedJobs();
      await engine.close();
      await fake.close();
      if (unguarded.length > 0) throw new Error(`BigQuery query jobs without their cost guard:\n${unguarded.join("\n")}`);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
