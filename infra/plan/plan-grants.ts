import type { Environment } from "./environment.ts";
import type { GrantPlan, TablePlan } from "./platform-plan.ts";

/**
 * Read grants of the stack's consumer roles: every table of the tiers a role reads; columns
 * holding personal data only for roles with `pii: true`. Load metadata columns are granted
 * like any other. A role is granted nothing of a table whose every column is PII.
 */
export function planGrants(tables: readonly TablePlan[], environment: Environment): GrantPlan[] {
  const grants: GrantPlan[] = [];
  for (const consumer of environment.consumers) {
    for (const table of tables) {
      if (!consumer.tiers.includes(table.tier)) continue;
      const excluded = consumer.pii ? [] : table.columns.filter((c) => c.pii !== undefined).map((c) => c.name);
      const columns = table.columns.filter((c) => !excluded.includes(c.name)).map((c) => c.name);
      if (columns.length === 0) continue;
      grants.push(Object.freeze({ role: consumer.name, principal: consumer.principal, asset: table.asset, database: table.database, table: table.name, columns: Object.freeze(columns), excludedColumns: Object.freeze(excluded) }));
    }
  }
  return grants;
}
