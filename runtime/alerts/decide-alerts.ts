import { alertId, type Alert, type AlertLevel, type Observation } from "./alert.ts";

const RANK: Readonly<Record<AlertLevel, number>> = { ok: 0, warn: 1, fail: 2 };

/**
 * Alerts for a batch of observations, given the last level of each watched thing: one alert
 * per change of level (raised, escalated, eased, recovered), none while it stays the same —
 * so a channel hears about a failure once, not every tick. Things never seen before start at
 * `ok`, so a first failure alerts and a first success does not. Pure.
 */
export function decideAlerts(
  last: ReadonlyMap<string, AlertLevel>,
  observations: readonly Observation[],
  ownersOf: (asset: string) => readonly string[],
  at: Date,
): { readonly alerts: Alert[]; readonly levels: Map<string, AlertLevel> } {
  const levels = new Map<string, AlertLevel>();
  const alerts: Alert[] = [];
  for (const observation of observations) {
    const id = alertId(observation);
    const previous = levels.get(id) ?? last.get(id) ?? "ok";
    levels.set(id, observation.level);
    if (previous === observation.level) continue;
    const change = observation.level === "ok" ? "recovered" : previous === "ok" ? "raised" : RANK[observation.level] > RANK[previous] ? "escalated" : "eased";
    alerts.push({ ...observation, previous, change, owners: ownersOf(observation.asset), at });
  }
  return { alerts, levels };
}
