import pg from "pg";
import { withClient } from "../state/support/postgres-test-database.ts";

/**
 * An app's database as a source sees it: users, products and orders in a schema of their own,
 * with the URL a source connects to (its `search_path` set to that schema).
 */
export class AppDatabase {
  private constructor(
    readonly url: string,
    readonly schema: string,
  ) {}

  /** Creates `schema` with the app's tables and a few rows, times in UTC. */
  static async seed(serverUrl: string, schema: string): Promise<AppDatabase> {
    await withClient(serverUrl, undefined, async (client) => {
      await client.query(`drop schema if exists ${pg.escapeIdentifier(schema)} cascade; create schema ${pg.escapeIdentifier(schema)}`);
    });
    const app = new AppDatabase(`${serverUrl}${serverUrl.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`, schema);
    await app.sql(`
      create table users (id bigint primary key, email text not null, name text not null, updated_at timestamptz not null, deleted_at timestamptz);
      create table products (id integer primary key, name text not null, price numeric(10, 2) not null, active boolean not null, attributes jsonb);
      create table orders (id bigint primary key, user_id bigint not null references users, product_id integer not null references products, amount numeric(12, 2) not null, status text not null, updated_at timestamptz not null);
      insert into users values
        (1, 'Ann@Example.com', 'Ann Lee', '2024-05-01 09:00:00.123456+00', null),
        (2, 'bob@example.com', 'Bob Stone', '2024-05-01 09:05:00+00', null),
        (3, 'cy@example.com', 'Cy Young', '2024-05-01 09:10:00+00', null);
      insert into products values
        (10, 'Kettle', 24.90, true, '{"colour": "red"}'),
        (11, 'Toaster', 39.00, true, null),
        (12, 'Grill', 99.99, false, '{"gas": true}');
      insert into orders values
        (100, 1, 10, 24.90, 'paid', '2024-05-01 10:00:00+00'),
        (101, 2, 11, 39.00, 'paid', '2024-05-01 10:01:00+00'),
        (102, 3, 12, 99.99, 'pending', '2024-05-01 10:02:00.000001+00');
    `);
    return app;
  }

  /** Runs statements in the app's schema. */
  async sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
    return await withClient(this.url, undefined, (client) => client.query(text, values));
  }

  async drop(serverUrl: string): Promise<void> {
    await withClient(serverUrl, undefined, (client) => client.query(`drop schema if exists ${pg.escapeIdentifier(this.schema)} cascade`));
  }
}
