import type { AnyAssetDefinition, AssetRef } from "./asset-ref.ts";
import type { ByteSize } from "./byte-size.ts";
import { checkBuilder, type CheckBuilder } from "./check-builder.ts";
import type { CheckSpec } from "./check.ts";
import type { ColumnName, Columns, RowOf } from "./column.ts";
import type { ComputeSpec } from "./compute.ts";
import { DeclarationSite } from "./declaration-site.ts";
import type { Duration } from "./duration.ts";
import type { FreshnessPolicy } from "./freshness-policy.ts";
import type { PartitionsSpec } from "./partitions.ts";
import type { ScheduleSpec } from "./schedule.ts";

/** The quality tiers data moves through. */
export type Tier = "raw" | "clean" | "curated";
export const TIERS: readonly Tier[] = ["raw", "clean", "curated"];

/** An owner: a team (`team:commerce`) or a person's e-mail address. */
export type Owner = `team:${string}` | `${string}@${string}`;

/** Where an asset is computed. DuckDB is the embedded default. */
export type EngineName = "duckdb" | "emr" | "bigquery";

/** Limits on what one materialisation may cost on a cloud engine. */
export interface CostGuard {
  /** BigQuery's `maximumBytesBilled`; a larger job fails before it runs. */
  readonly maxBytesBilled?: ByteSize;
  /** Wall-clock limit of one run (EMR clusters are terminated after it). */
  readonly maxRuntime?: Duration;
}

/** What every asset and source declares besides its computation. */
export interface AssetMetadata<C extends Columns> {
  /** @default the key's first segment when it names a tier (`clean/orders` → `clean`) */
  readonly tier?: Tier;
  readonly description?: string;
  /** Who is answerable for the asset; alerts go to them. At least one. */
  readonly owners: readonly Owner[];
  readonly tags?: readonly string[];
  /** A group for selection and display, e.g. `sales`. */
  readonly group?: string;
  readonly columns: C;
  readonly partitions?: PartitionsSpec;
  /** Checks typed against the columns: `(c) => [c.notNull("id"), c.unique("id")]`. */
  readonly checks?: (c: CheckBuilder<ColumnName<C>>) => readonly CheckSpec[];
  readonly freshness?: FreshnessPolicy;
  /** @default on demand, or driven by the freshness policy when one is declared */
  readonly schedule?: ScheduleSpec;
  /** Days to keep partitions and files before they expire. @default kept forever */
  readonly retentionDays?: number;
  readonly costGuard?: CostGuard;
  /** @default "duckdb" (`"emr"` for Spark scripts) */
  readonly engine?: EngineName;
  /** How the scheduler retries a failed materialisation: up to `max` times, waiting `backoff` × 2^(attempt−1) with jitter. @default { max: 3, backoff: "1m" } */
  readonly retries?: RetryPolicy;
  /** Let the scheduler rebuild published partitions when the asset's fingerprint changes. @default false */
  readonly rebuildWhenStale?: boolean;
  /**
   * Governance rules this asset is exempt from, by rule id, each with the reason — reviewed with
   * the declaration like any code change. `lakeform policy check` still reports a waived
   * finding (with the reason) but does not fail on it; a waiver without a reason, or naming a
   * rule that does not exist, is itself a finding. `lakeform policy list` shows the rules.
   * @default none
   * @example waive: { "sql-check-explicit-columns": "The sample needs every column; the asset holds no PII (reviewed by @privacy, PR #42)" }
   */
  readonly waive?: Readonly<Record<string, string>>;
}

/** Retries of failed materialisations by the scheduler. */
export interface RetryPolicy {
  /** @default 3 */
  readonly max?: number;
  /** The first wait; doubled at each attempt, with ±50% jitter. @default "1m" */
  readonly backoff?: Duration;
}

/** The options of `asset()`. */
export interface AssetOptions<C extends Columns> extends AssetMetadata<C> {
  /** SQL with `ref()`s, a TypeScript `fn`, or a `spark` script. */
  readonly compute: ComputeSpec<RowOf<C>>;
  /** Dependencies that no `ref()` names (for ordering only). */
  readonly deps?: readonly (AnyAssetDefinition | AssetRef | string)[];
}

/**
 * A declared asset: plain data plus its compute. Build a graph of them with `buildAssetGraph`.
 * `K` and `C` keep the key and columns typed for `ref()` and relationships.
 */
export interface AssetDefinition<K extends string = string, C extends Columns = Columns> extends AnyAssetDefinition<C> {
  readonly kind: "asset" | "source";
  readonly key: K;
  readonly tier: Tier | undefined;
  readonly description: string | undefined;
  readonly owners: readonly string[];
  readonly tags: readonly string[];
  readonly group: string | undefined;
  readonly columns: C;
  readonly compute: ComputeSpec;
  readonly deps: readonly (AnyAssetDefinition | AssetRef | string)[];
  readonly partitions: PartitionsSpec | undefined;
  readonly checks: readonly CheckSpec[];
  readonly freshness: FreshnessPolicy | undefined;
  readonly schedule: ScheduleSpec | undefined;
  readonly retentionDays: number | undefined;
  readonly costGuard: CostGuard | undefined;
  readonly engine: EngineName | undefined;
  readonly retries: RetryPolicy | undefined;
  readonly rebuildWhenStale: boolean;
  /** Governance rules waived for this asset: rule id → reason. */
  readonly waive: Readonly<Record<string, string>>;
  /** Where it was declared, for messages. */
  readonly site: DeclarationSite;
}

/** @internal Shared by `asset()` and `source()`. */
export function defineAsset<const K extends string, C extends Columns>(
  kind: "asset" | "source",
  key: K,
  options: AssetMetadata<C> & { readonly compute: ComputeSpec; readonly deps?: AssetOptions<C>["deps"] },
  site: DeclarationSite,
): AssetDefinition<K, C> {
  return Object.freeze({
    kind,
    key,
    tier: options.tier,
    description: options.description,
    owners: Object.freeze([...(options.owners ?? [])]),
    tags: Object.freeze([...(options.tags ?? [])]),
    group: options.group,
    columns: Object.freeze({ ...options.columns }),
    compute: options.compute,
    deps: Object.freeze([...(options.deps ?? [])]),
    partitions: options.partitions,
    checks: Object.freeze([...(options.checks?.(checkBuilder<ColumnName<C>>()) ?? [])]),
    freshness: options.freshness,
    schedule: options.schedule,
    retentionDays: options.retentionDays,
    costGuard: options.costGuard,
    engine: options.engine,
    retries: options.retries,
    rebuildWhenStale: options.rebuildWhenStale ?? false,
    waive: Object.freeze({ ...(options.waive ?? {}) }),
    site,
  });
}

/**
 * Declares a data asset: a named, typed data set in a tier, computed from other assets.
 *
 * @example
 * export const orders = asset("clean/orders", {
 *   owners: ["team:commerce"],
 *   columns: { order_id: col.string().primaryKey(), amount: col.decimal(12, 2) },
 *   compute: sql`select distinct order_id, amount from ${ref(rawOrders)}`,
 *   checks: (c) => [c.range("amount", { min: 0 })],
 *   freshness: maxLag({ failAfter: "6h" }),
 * });
 */
export function asset<const K extends string, C extends Columns>(key: K, options: AssetOptions<C>): AssetDefinition<K, C> {
  return defineAsset("asset", key, options, DeclarationSite.capture());
}
