import type { PlatformPlan } from "../../infra/plan/platform-plan.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { SchedulerStore } from "../state/scheduler-store.ts";

/** What the UI reads, and only reads: the graph, the state store, the clock and the current environment's plan. */
export interface UiSource {
  readonly graph: AssetGraph;
  /** Read through its query methods only; the UI never records anything. */
  readonly state: SchedulerStore;
  /** The landing directory sources look at (shown for data that waits). */
  readonly landingDir: string;
  /** The environment whose workspace is shown, e.g. `dev`. */
  readonly environment: string;
  readonly now: () => Date;
  /**
   * The PlatformPlan of the environment's stack (`Pulumi.<env>.yaml`), for cost estimates and
   * the plan view; undefined when the project has no stack file for it.
   */
  readonly plan: () => PlatformPlan | undefined;
}
