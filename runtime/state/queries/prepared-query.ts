import type { Compilable, CompiledQuery } from "kysely";
import type { StateSql } from "./state-sql.ts";

const PLACEHOLDER = "\u0000lakeform-parameter:";

/**
 * A query of fixed shape, built and compiled once per dialect, then run with new values: on the
 * hot paths (claims, publish, run and materialisation lifecycle) building and compiling with
 * Kysely costs several times what SQLite takes to run the statement.
 *
 * `build` gets the backend (its builder, its row locks; never run anything there) and placeholders in place of the values, so it must pass each value through as a
 * parameter (comparisons, inserted and updated values, `limit`) and must not look at it: a value
 * that decides the query's shape (`s.list`, a branch on it) belongs outside.
 *
 * @example
 * const runById = preparedQuery((s, v: { id: string }) => s.db.selectFrom("runs").selectAll().where("id", "=", v.id));
 * const row = await s.first(runById(s, { id: "r1" }));
 */
export function preparedQuery<V extends Record<string, unknown>, R>(build: (s: StateSql, values: V) => Compilable<R>): (s: StateSql, values: V) => Compilable<R> {
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; slots: (string | undefined)[] }>();
  return (s, values) => {
    let entry = compiled.get(s.db);
    if (entry === undefined) {
      const placeholders = new Proxy({}, { get: (_, key) => `${PLACEHOLDER}${String(key)}` }) as V;
      const query = build(s, placeholders).compile();
      const slots = query.parameters.map((p) => (typeof p === "string" && p.startsWith(PLACEHOLDER) ? p.slice(PLACEHOLDER.length) : undefined));
      entry = { query, slots };
      compiled.set(s.db, entry);
    }
    const { query, slots } = entry;
    return { compile: () => ({ ...query, parameters: slots.map((slot, i) => (slot === undefined ? query.parameters[i] : values[slot])) }) };
  };
}
