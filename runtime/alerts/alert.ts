import type { AlertLevel } from "../state/records.ts";

export type { AlertLevel };

/** What an alert is about. */
export type AlertKind = "run" | "checks" | "freshness";

/** One observation of a watched thing, made by a run or a tick. */
export interface Observation {
  readonly asset: string;
  /** `""` when about the whole asset. */
  readonly partition: string;
  readonly kind: AlertKind;
  readonly level: AlertLevel;
  readonly message: string;
}

/** A notification: a change of level, routed to the asset's owners. */
export interface Alert extends Observation {
  readonly previous: AlertLevel;
  /** `recovered` when it went back to ok. */
  readonly change: "raised" | "escalated" | "eased" | "recovered";
  readonly owners: readonly string[];
  readonly at: Date;
}

/** The identity of a watched thing: one alert stream per asset, partition and kind. */
export function alertId(o: Pick<Observation, "asset" | "partition" | "kind">): string {
  return `${o.kind}|${o.asset}|${o.partition}`;
}
