import { createHash } from "node:crypto";
import { canonicalJson } from "../../runtime/core/graph/canonical-json.ts";
import type { Environment } from "./environment.ts";
import type { BucketPlan, ComputePlan, DatabasePlan, GrantPlan, PlannedResource, SchedulerPlan, TablePlan } from "./platform-plan.ts";

const digestOf = (value: unknown): string => createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);

interface Parts {
  readonly buckets: readonly BucketPlan[];
  readonly databases: readonly DatabasePlan[];
  readonly tables: readonly TablePlan[];
  readonly grants: readonly GrantPlan[];
  readonly compute: readonly ComputePlan[];
  readonly scheduler: SchedulerPlan;
}

/**
 * Every resource the plan asks for, under an id that stays the same while the resource does
 * (`table:clean/orders`), with a digest of its settings: what `plan --diff` compares and what
 * `--fail-on-destroy` guards. Tables hold data on warehouses (BigQuery); on object stores the
 * data lives in the bucket and a table is its catalog entry.
 */
export function planResources(parts: Parts, environment: Environment): PlannedResource[] {
  const protect = environment.protectData;
  const resource = (id: string, kind: PlannedResource["kind"], settings: unknown, options: { asset?: string; holdsData?: boolean; protected?: boolean } = {}): PlannedResource =>
    Object.freeze({
      id,
      kind,
      ...(options.asset === undefined ? {} : { asset: options.asset }),
      holdsData: options.holdsData ?? false,
      protected: options.protected ?? false,
      digest: digestOf(settings),
    });
  const resources: PlannedResource[] = [
    resource("key:data", "key", { rotation: true }, { holdsData: true, protected: protect }),
    ...parts.buckets.map((b) => resource(`bucket:${b.role}`, "bucket", { ...b, expirations: undefined }, { holdsData: b.protected || b.role !== "artifacts", protected: b.protected })),
    ...parts.databases.map((d) => resource(`database:${d.tier}`, "database", d, { protected: d.protected })),
    ...parts.tables.map((t) => resource(`table:${t.asset}`, "table", t, { asset: t.asset, holdsData: environment.cloud === "gcp", protected: t.protected })),
    ...parts.buckets.flatMap((b) => b.expirations.map((e) => resource(`expiration:${b.role}:${e.asset}`, "expiration", { bucket: b.name, ...e }, { asset: e.asset }))),
    ...parts.grants.map((g) => resource(`grant:${g.role}:${g.asset}`, "grant", g, { asset: g.asset })),
    ...parts.compute.map((c) => resource(`compute:${c.asset}`, "compute", c, { asset: c.asset })),
    resource("scheduler", "scheduler", parts.scheduler),
    resource("state-database", "state-database", parts.scheduler.state, { holdsData: true, protected: protect }),
    resource("secret:state-url", "secret", parts.scheduler.secrets.stateUrl),
    resource("secret:pii-key", "secret", parts.scheduler.secrets.piiKey, { holdsData: true, protected: protect }),
    ...(parts.scheduler.secrets.alertWebhook === undefined ? [] : [resource("secret:alert-webhook", "secret", parts.scheduler.secrets.alertWebhook)]),
    resource("role:runtime", "role", parts.compute.map((c) => [c.reads, c.writes])),
    ...(parts.compute.some((c) => c.engine === "emr") ? [resource("role:emr-service", "role", "emr"), resource("role:emr-instance", "role", parts.compute.filter((c) => c.engine === "emr").map((c) => [c.reads, c.writes]))] : []),
  ];
  return resources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
