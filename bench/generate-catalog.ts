/**
 * A deterministic, realistic-looking catalog for benchmarks and large-graph tests: ~10% file-drop
 * sources in raw, the rest SQL assets in clean and curated, organised in domains of ~500 assets
 * with long chains inside a domain and fan-ins from shared hub assets across domains.
 *
 * Every declaration validates: partition mappings fit (`allPartitions()` where no default does),
 * and every freshness policy can be met by its schedule (cadences are tracked as the runtime
 * computes them, including the 25 h DST gap of a daily cron in Europe/Berlin).
 */
import {
  allPartitions,
  asset,
  col,
  cron,
  cronDeadline,
  daily,
  eager,
  fileDrop,
  hourly,
  maxLag,
  onDemand,
  partitionEnd,
  partitionStart,
  ref,
  source,
  sql,
  staticPartitions,
  timeWindow,
  type AssetDefinition,
  type CheckBuilder,
  type CheckSpec,
  type Column,
  type FreshnessPolicy,
  type Owner,
  type PartitionMapping,
  type PartitionsSpec,
  type ScheduleSpec,
  type SqlTemplate,
  type Tier,
} from "lakeform";

export interface CatalogOptions {
  /** How many assets (sources included) to declare. */
  readonly assets: number;
  /** @default 1 */
  readonly seed?: number;
}

/** Assets per domain: a domain is one long, branching pipeline from its sources to its marts. */
const DOMAIN_SIZE = 500;
const HOUR = 3_600_000;
const TAGS = ["finance", "marketing", "core", "experimental", "gdpr", "sla_gold", "sla_silver", "ml_features", "reporting", "ops"];
const STATUSES = ["new", "active", "closed"];
const REGIONS = ["eu", "us", "apac"];

/** What the generator remembers of an asset it declared, to choose and fit its children. */
interface Declared {
  readonly definition: AssetDefinition;
  readonly tier: Tier;
  readonly partitions: PartitionsSpec | undefined;
  /** The longest time between two refreshes, as `validateSchedules` computes it; undefined when unknown. */
  readonly cadence: number | undefined;
}

/** How an asset is refreshed and how fresh it must be. */
interface Refresh {
  readonly schedule?: ScheduleSpec;
  readonly freshness?: FreshnessPolicy;
  readonly cadence: number | undefined;
}

/** mulberry32: a small, fast, seedable PRNG, so catalogs are identical run after run. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function sourcePartitions(r: number): PartitionsSpec | undefined {
  if (r < 0.6) return daily({ start: "2023-01-01" });
  if (r < 0.75) return hourly({ start: "2024-01-01" });
  if (r < 0.95) return undefined;
  return staticPartitions(REGIONS);
}

function assetPartitions(r: number): PartitionsSpec | undefined {
  if (r < 0.7) return daily({ start: "2023-01-01" });
  if (r < 0.8) return hourly({ start: "2024-01-01" });
  if (r < 0.97) return undefined;
  return staticPartitions(REGIONS);
}

function sourceRefresh(partitions: PartitionsSpec | undefined, r: number): Refresh {
  if (partitions?.kind === "static") return { schedule: cron("0 2 * * *"), freshness: maxLag({ failAfter: "30h" }), cadence: 24 * HOUR };
  if (partitions?.granularity === "hourly") return { schedule: cron("0 * * * *"), freshness: maxLag({ warnAfter: "90m", failAfter: "2h" }), cadence: HOUR };
  // 05:00 in Berlin is 23 h or 25 h after the previous run across a DST change.
  if (partitions?.granularity === "daily") return { schedule: cron("0 5 * * *", { timezone: "Europe/Berlin" }), freshness: maxLag({ failAfter: "26h" }), cadence: 25 * HOUR };
  // Unpartitioned snapshots: refreshed when the policy asks, or by hand.
  return r < 0.5 ? { freshness: maxLag({ warnAfter: "3d", failAfter: "7d" }), cadence: 72 * HOUR } : { schedule: onDemand(), cadence: undefined };
}

/** An eager asset refreshes as often as its most frequent parent; its policy allows an hour more. */
function eagerRefresh(parents: readonly Declared[], withFreshness: boolean): Refresh {
  const known = parents.map((p) => p.cadence).filter((c) => c !== undefined);
  const cadence = known.length === 0 ? undefined : Math.min(...known);
  if (cadence === undefined || !withFreshness) return { schedule: eager(), cadence };
  return { schedule: eager(), freshness: maxLag({ failAfter: `${Math.ceil(cadence / HOUR) + 1}h` }), cadence };
}

function assetRefresh(partitions: PartitionsSpec | undefined, parents: readonly Declared[], r: number): Refresh {
  if (partitions?.kind === "static") return { schedule: cron("0 3 * * *"), cadence: 24 * HOUR };
  if (partitions?.granularity === "hourly") {
    return r < 0.5 ? { schedule: cron("0 * * * *"), freshness: maxLag({ failAfter: "2h" }), cadence: HOUR } : eagerRefresh(parents, true);
  }
  if (partitions?.granularity === "daily") {
    if (r < 0.45) return eagerRefresh(parents, r < 0.3);
    if (r < 0.7) return { schedule: cron("0 6 * * *"), freshness: maxLag({ warnAfter: "20h", failAfter: "25h" }), cadence: 24 * HOUR };
    // "By 09:00 on weekdays, with data from after 06:00."
    if (r < 0.8) return { schedule: cron("0 7 * * *"), freshness: cronDeadline({ cron: "0 9 * * 1-5", window: "3h" }), cadence: 24 * HOUR };
    if (r < 0.9) return { schedule: onDemand(), cadence: undefined };
    return { freshness: maxLag({ warnAfter: "12h", failAfter: "1d" }), cadence: 12 * HOUR };
  }
  if (r < 0.4) return eagerRefresh(parents, false);
  if (r < 0.7) return { schedule: onDemand(), cadence: undefined };
  return { schedule: cron("30 */4 * * *"), freshness: maxLag({ failAfter: "6h" }), cadence: 4 * HOUR };
}

/** Whether no mapping fits `child` and `parent` by default (time against static partitions). */
function needsAllPartitions(child: PartitionsSpec | undefined, parent: PartitionsSpec | undefined): boolean {
  return child !== undefined && parent !== undefined && child.kind !== parent.kind;
}

function mappingFor(child: PartitionsSpec | undefined, parent: PartitionsSpec | undefined, r: number): PartitionMapping | undefined {
  if (needsAllPartitions(child, parent)) return allPartitions();
  // A trailing seven-day window, as rolling metrics read their daily parents.
  if (child?.kind === "time" && child.granularity === "daily" && parent?.kind === "time" && parent.granularity === "daily" && r < 0.15) {
    return timeWindow({ startOffset: -6 });
  }
  return undefined;
}

/** 4–8 typed columns: four every check relies on, then up to four more. */
function columnsFor(random: () => number, extras: { readonly parentId: boolean; readonly email: boolean }): Record<string, Column> {
  const columns: Record<string, Column> = {
    id: col.string().primaryKey(),
    updated_at: col.timestamp(),
    amount: col.decimal(12, 2),
    status: col.string(),
  };
  if (extras.parentId) columns["parent_id"] = col.string().nullable();
  if (extras.email) columns["email"] = col.string().pii("email", "hash");
  const optional: readonly [string, () => Column][] = [
    ["event_date", () => col.date()],
    ["quantity", () => col.int64()],
    ["score", () => col.double().nullable()],
    ["is_active", () => col.boolean()],
    ["attributes", () => col.json().nullable()],
    ["country", () => col.string().describe("ISO 3166-1 alpha-2")],
  ];
  const wanted = Math.floor(random() * 5) - Object.keys(columns).length + 4;
  for (const [name, make] of optional.slice(0, Math.max(0, wanted))) columns[name] = make();
  return columns;
}

/** Five checks: three on every asset, a foreign key or row count, and one that varies. */
function checksFor(index: number, parent: AssetDefinition | undefined): (c: CheckBuilder<string>) => readonly CheckSpec[] {
  return (c) => [
    c.notNull(["updated_at", "status"]),
    c.range("amount", { min: 0 }),
    c.acceptedValues("status", STATUSES),
    parent === undefined ? c.rowCount({ min: 1 }) : c.relationships("parent_id", { asset: parent, column: "id" }),
    [
      () => c.unique(["id", "updated_at"]),
      () => c.freshness("updated_at", { maxAge: "2d" }, { severity: "warn" }),
      () => c.volumeAnomaly({ stddevs: 3, lookback: 10, sameWeekday: true }),
      () => c.regex("id", /^[a-z0-9-]+$/),
    ][index % 4]!(),
  ];
}

/** SQL reading every parent, filtered to the asset's own segment (so no two assets share a fingerprint). */
function computeFor(parents: readonly { readonly definition: AssetDefinition; readonly mapping: PartitionMapping | undefined }[], partitions: PartitionsSpec | undefined, tier: Tier, segment: string): SqlTemplate {
  const refs = parents.map(({ definition, mapping }) => (mapping === undefined ? ref(definition) : ref(definition, { partitions: mapping })));
  let from = sql`${refs[0]!}`;
  for (const r of refs.slice(1)) from = sql`${from} left join ${r} using (id)`;
  const window = partitions?.kind === "time" ? sql`and updated_at >= ${partitionStart} and updated_at < ${partitionEnd}` : sql``;
  return tier === "curated"
    ? sql`select id, max(updated_at) as updated_at, sum(amount) as amount, any_value(status) as status from ${from} where segment = ${segment} ${window} group by id`
    : sql`select distinct * from ${from} where segment = ${segment} ${window}`;
}

/**
 * Declares `assets` assets with the public API. The same options give the same catalog: keys,
 * SQL, checks and policies are identical from run to run (only declaration sites differ).
 *
 * @example const graph = buildAssetGraph(generateCatalog({ assets: 10_000 }));
 */
export function generateCatalog(options: CatalogOptions): AssetDefinition[] {
  const random = randomSource(options.seed ?? 1);
  const domainCount = Math.max(1, Math.ceil(options.assets / DOMAIN_SIZE));
  const perDomain = Math.ceil(options.assets / domainCount);
  const domains: Declared[][] = Array.from({ length: domainCount }, () => []);
  /** Raw and clean assets that other domains read (dimensions, shared feeds); early ones are read most. */
  const hubs: Declared[] = [];
  const catalog: AssetDefinition[] = [];

  for (let index = 0; index < options.assets; index++) {
    const domain = index % domainCount;
    const position = Math.floor(index / domainCount);
    const earlier = domains[domain]!;
    const group = `domain_${domain}`;
    const owners: Owner[] = random() < 0.2 ? [`team:${group}`, `owner_${index % 97}@example.com`] : [`team:${group}`];
    const tags = TAGS.filter(() => random() < 0.15);
    let declared: Declared;

    if (position % 10 === 0) {
      const partitions = sourcePartitions(random());
      const refresh = sourceRefresh(partitions, random());
      const format = (["csv", "jsonl", "parquet"] as const)[index % 3]!;
      const definition = source(`raw/${group}/feed_${index}`, {
        description: `Feed ${index} of ${group}, landed as ${format}`,
        owners,
        tags,
        group,
        columns: columnsFor(random, { parentId: false, email: random() < 0.1 }),
        ...(partitions === undefined ? {} : { partitions }),
        checks: checksFor(index, undefined),
        ...(refresh.schedule === undefined ? {} : { schedule: refresh.schedule }),
        ...(refresh.freshness === undefined ? {} : { freshness: refresh.freshness }),
        retentionDays: 400,
        from: fileDrop({ format, pattern: `${group}/feed_${index}/*.${format}` }),
      });
      declared = { definition, tier: "raw", partitions, cadence: refresh.cadence };
    } else {
      const tier: Tier = position < perDomain * 0.6 ? "clean" : "curated";
      const draw = random();
      const parentCount = draw < 0.3 ? 1 : draw < 0.65 ? 2 : draw < 0.85 ? 3 : 4;
      // The first parent is a few steps back in the same domain: long chains.
      const parents: Declared[] = [earlier[Math.max(0, earlier.length - 1 - Math.floor(random() * 3))]!];
      for (let i = 1; i < parentCount; i++) {
        const candidate =
          random() < 0.5 || hubs.length === 0
            ? earlier[Math.floor(random() * earlier.length)]!
            : hubs[Math.floor(random() ** 3 * hubs.length)]!; // skewed: a few hubs feed hundreds of assets
        if (!parents.includes(candidate)) parents.push(candidate);
      }
      const partitions = assetPartitions(random());
      const refresh = assetRefresh(partitions, parents, random());
      const mapped = parents.map((p) => ({ definition: p.definition, mapping: mappingFor(partitions, p.partitions, random()) }));
      const reference = random() < 0.5 ? parents[0]!.definition : undefined;
      const curatedOnBigQuery = tier === "curated" && index % 7 === 0;
      const definition = asset(`${tier}/${group}/asset_${index}`, {
        description: `${tier === "clean" ? "Cleaned" : "Curated"} ${group} data set ${index}`,
        owners,
        tags,
        group,
        columns: columnsFor(random, { parentId: reference !== undefined, email: false }),
        compute: computeFor(mapped, partitions, tier, `segment_${index}`),
        ...(partitions === undefined ? {} : { partitions }),
        checks: checksFor(index, reference),
        ...(refresh.schedule === undefined ? {} : { schedule: refresh.schedule }),
        ...(refresh.freshness === undefined ? {} : { freshness: refresh.freshness }),
        ...(curatedOnBigQuery ? { engine: "bigquery" as const, costGuard: { maxBytesBilled: "50GB" as const, maxRuntime: "2h" as const } } : {}),
      });
      declared = { definition, tier, partitions, cadence: refresh.cadence };
    }

    earlier.push(declared);
    if (declared.tier === "raw" || (declared.tier === "clean" && index % 5 === 0)) hubs.push(declared);
    catalog.push(declared.definition);
  }
  return catalog;
}
