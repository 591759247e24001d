import type { GrantPlan, PlannedResource } from "./platform-plan.ts";

/**
 * What changes between two {@link PlatformPlan}s of one environment — a previous one (e.g. the
 * plan of `main`) and the next (this branch's): assets, resources, grants and cost. Plain,
 * frozen, JSON data computed by {@link diffPlans}; `lakeform plan --diff` renders it for a
 * code-review comment. Every list is sorted by its key.
 */
export interface PlanDiff {
  /** The diff's format; bumped when a field changes meaning. */
  readonly formatVersion: 1;
  readonly previous: PlanIdentity;
  readonly next: PlanIdentity;
  readonly assets: {
    readonly added: readonly AssetSummary[];
    readonly removed: readonly AssetSummary[];
    readonly changed: readonly AssetChange[];
  };
  readonly resources: {
    readonly added: readonly PlannedResource[];
    readonly removed: readonly PlannedResource[];
    readonly changed: readonly ResourceChange[];
  };
  readonly grants: {
    readonly added: readonly GrantPlan[];
    readonly removed: readonly GrantPlan[];
    readonly changed: readonly GrantChange[];
  };
  readonly cost: CostDiff;
  /**
   * Resources that hold data in a protected stack and would be removed or replaced: what
   * `--fail-on-destroy` refuses. Their previous state (what exists now).
   */
  readonly destroysProtectedData: readonly DestroyedResource[];
}

/** Which plan a side of the diff is. */
export interface PlanIdentity {
  readonly environment: string;
  readonly catalogFingerprint: string;
}

/** An added or removed asset: what it brings (or took) with it. */
export interface AssetSummary {
  readonly asset: string;
  /** Its catalog table, when the plan has one. */
  readonly table?: {
    readonly database: string;
    readonly name: string;
    readonly columns: number;
    /** Columns holding personal data: `email (email, hash)`. */
    readonly piiColumns: readonly string[];
  };
  /** Ids of the resources that belong to it. */
  readonly resources: readonly string[];
  /** Consumer roles granted read access to it. */
  readonly grants: readonly string[];
  readonly monthlyUsd: number;
}

/** A setting that changed, each side as people read it (`none` when unset). */
export interface SettingChange {
  /** What changed: `retention`, `partitioning`, `engine`, `type`, `pii`, … */
  readonly what: string;
  readonly from: string;
  readonly to: string;
}

/** A column as the diff shows it. */
export interface ColumnSummary {
  readonly name: string;
  /** Its DuckDB type, e.g. `DECIMAL(12,2)`. */
  readonly type: string;
  /** Its personal data and treatment, e.g. `email, hash`. */
  readonly pii?: string;
}

/** An asset in both plans whose table, compute or cost changed. */
export interface AssetChange {
  readonly asset: string;
  readonly columns: {
    readonly added: readonly ColumnSummary[];
    readonly removed: readonly ColumnSummary[];
    readonly changed: readonly { readonly name: string; readonly changes: readonly SettingChange[] }[];
  };
  /** Changes of the table and compute besides columns (retention, partitioning, schedule, …). */
  readonly settings: readonly SettingChange[];
  readonly monthlyUsd: { readonly from: number; readonly to: number; readonly delta: number };
}

/** A resource in both plans whose settings (digest) changed. */
export interface ResourceChange {
  readonly id: string;
  readonly kind: PlannedResource["kind"];
  readonly asset?: string;
  readonly digest: { readonly from: string; readonly to: string };
  /** Its identity changed (a bucket, database or table under a new name): the cloud replaces it. */
  readonly replaced: boolean;
}

/** A removed or replaced resource holding data in a protected stack. */
export interface DestroyedResource {
  readonly resource: PlannedResource;
  readonly how: "removed" | "replaced";
}

/** One role's grant on one asset, in both plans, with other columns. */
export interface GrantChange {
  readonly role: string;
  readonly asset: string;
  readonly columns: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly withheld: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly principal?: { readonly from: string; readonly to: string };
}

/** Monthly cost, before and after, in the next plan's currency (USD), rounded to cents. */
export interface CostDiff {
  readonly currency: "USD";
  readonly total: { readonly from: number; readonly to: number; readonly delta: number };
  readonly platform: { readonly from: number; readonly to: number; readonly delta: number };
  /** Assets whose estimate changed (added and removed ones included). */
  readonly perAsset: readonly { readonly asset: string; readonly from: number; readonly to: number; readonly delta: number }[];
}
