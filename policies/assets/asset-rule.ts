import type { AssetGraph } from "../../runtime/core/graph/asset-graph.ts";
import type { ColumnProfileReading } from "../../runtime/core/checks/read-audit.ts";
import type { PlatformPlan } from "../../infra/plan/platform-plan.ts";
import type { EnforcementLevel } from "../finding.ts";

/** What every asset rule sees: the validated graph, the stack's compiled plan, and what the local state profiled. */
export interface AssetRuleContext {
  readonly graph: AssetGraph;
  readonly plan: PlatformPlan;
  /**
   * The latest profile of each asset in the local state store, when there is one (`lakeform
   * policy check` reads it; nothing is profiled for the gate). Keyed by asset.
   * @default none
   */
  readonly profiles?: ReadonlyMap<string, readonly ColumnProfileReading[]>;
}

/** One thing a rule found about an asset (or one of its columns); the runner adds the level and the place. */
export interface RuleHit {
  readonly asset: string;
  /** The column it is about: the finding then points at the column's declaration. */
  readonly column?: string;
  /** What is wrong, without a trailing full stop. */
  readonly message: string;
  /** What to do about it, without a trailing full stop. */
  readonly fix: string;
  /** `file:line` of what it is about when that is neither the asset nor a column (e.g. a check's SQL). */
  readonly at?: string;
}

/**
 * A governance rule over the asset graph and the stack's plan: a pure function with an id
 * (kebab-case, as stacks and waivers name it), a description for `lakeform policy list`, and a
 * default level a stack can override (`lakeform:policies`).
 */
export interface AssetRule {
  readonly id: string;
  readonly description: string;
  readonly defaultLevel: EnforcementLevel;
  check(context: AssetRuleContext): RuleHit[];
}
