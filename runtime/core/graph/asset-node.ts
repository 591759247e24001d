import type { AssetDefinition, CostGuard, EngineName, Tier } from "../declare/asset.ts";
import type { CheckSpec } from "../declare/check.ts";
import type { ColumnSpec } from "../declare/column.ts";
import type { ComputeSpec } from "../declare/compute.ts";
import type { FreshnessPolicy } from "../declare/freshness-policy.ts";
import type { PartitionMapping } from "../declare/partition-mapping.ts";
import type { PartitionsSpec } from "../declare/partitions.ts";
import type { ScheduleSpec } from "../declare/schedule.ts";

/** An edge from an asset to one of its parents, with the partition mapping resolved. */
export interface Dependency {
  readonly key: string;
  readonly partitions: PartitionMapping;
  /** `ref` when the compute reads the parent, `deps` when it is declared for ordering only. */
  readonly via: "ref" | "deps";
}

/**
 * An asset as the graph sees it: validated, defaults resolved, plain data (plus the original
 * definition, which holds the compute function of `fn` assets).
 */
export interface AssetNode {
  readonly key: string;
  readonly kind: "asset" | "source";
  readonly tier: Tier;
  readonly description: string | undefined;
  readonly owners: readonly string[];
  /** Declared tags, plus `pii` when any column holds personal data. */
  readonly tags: readonly string[];
  readonly group: string | undefined;
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  readonly compute: ComputeSpec;
  readonly dependencies: readonly Dependency[];
  /**
   * Other assets its checks read (`relationships` targets, `ref()`s in `sql` checks). They are
   * built before it in a run and `+key` selects them, but they are not data inputs: they do not
   * change its fingerprint, its staleness or the partitions it reads.
   */
  readonly checkTargets: readonly string[];
  readonly partitions: PartitionsSpec | undefined;
  /** Declared checks, plus the implicit `primary_key` checks. */
  readonly checks: readonly CheckSpec[];
  readonly freshness: FreshnessPolicy | undefined;
  readonly schedule: ScheduleSpec;
  readonly retentionDays: number | undefined;
  readonly costGuard: CostGuard | undefined;
  readonly engine: EngineName;
  /** Scheduler retries, defaults resolved. */
  readonly retries: { readonly max: number; readonly backoffMs: number };
  readonly rebuildWhenStale: boolean;
  /** Whether a schedule was declared (an undeclared one lets the freshness policy drive runs). */
  readonly scheduleDeclared: boolean;
  /** Topological level: 0 for assets without parents or check targets, else 1 + the highest level among them. */
  readonly level: number;
  /**
   * Content hash of what determines the data (compute, columns, partitions, dependencies)
   * and of the parents' fingerprints: when it changes, the published data is stale.
   */
  readonly fingerprint: string;
  readonly definition: AssetDefinition;
}
