import type { RunTrigger } from "../state/records.ts";

/** A launch the scheduler wants: claimed through the state store before it runs. */
export interface LaunchDecision {
  readonly asset: string;
  readonly partition: string;
  readonly trigger: RunTrigger;
  /** What the launch answers (a cron tick, an upstream version…); with `attempt`, its claim identity. */
  readonly slot: string;
  readonly attempt: number;
  readonly reason: string;
}
