import type { AlertDestination, AlertRoutesSpec } from "../core/declare/alert-routes.ts";
import type { Alert } from "./alert.ts";
import type { AlertSink } from "./alert-sink.ts";
import { commandSink, stdoutSink } from "./command-sink.ts";
import { webhookSink } from "./webhook-sink.ts";

/**
 * Where each owner's alerts go, as sinks; owners without a route use `fallback`. Built from the
 * catalog's declared routes and the environment by {@link routesFor}.
 * @example sinkRoutes({ owners: { "team:growth": [webhookSink(GROWTH_SLACK)] }, fallback: [webhookSink(DATA_SLACK)] })
 */
export interface AlertRoutes {
  readonly owners: Readonly<Record<string, readonly AlertSink[]>>;
  readonly fallback: readonly AlertSink[];
}

/** Alert routes made of sinks (the catalog declares them as data: `alertRoutes` from "lakeform"). */
export function sinkRoutes(routes: { readonly owners?: Readonly<Record<string, readonly AlertSink[]>>; readonly fallback?: readonly AlertSink[] }): AlertRoutes {
  return { owners: routes.owners ?? {}, fallback: routes.fallback ?? [] };
}

/**
 * Routes when the catalog declares none: the webhook (`LAKEFORM_ALERT_WEBHOOK`, Slack-compatible)
 * and the command (`LAKEFORM_ALERT_COMMAND`, JSON on stdin) of the `RuntimeConfig`; standard
 * output otherwise.
 */
export function routesFromConfig(alerts: EnvironmentAlerts, write?: (line: string) => void): AlertRoutes {
  return routesFor(undefined, alerts, write);
}

/** The environment's destinations: `LAKEFORM_ALERT_WEBHOOK` and `LAKEFORM_ALERT_COMMAND`, when set. */
type EnvironmentAlerts = { readonly webhook: string | undefined; readonly command: string | undefined };

/**
 * The routes a tick delivers through: the catalog's (its module's `alerts` export) merged with
 * the environment's. Precedence:
 * 1. an alert goes to the catalog routes of each of its owners that has one;
 * 2. an alert none of whose owners has a route goes to the catalog's `fallback` *and* to the
 *    environment's webhook and command (so a variable that is set always receives something);
 * 3. when neither declares any destination, to standard output (`write`).
 * A destination named several times (one webhook for two owners) is one sink, so an alert is
 * sent to it once.
 */
export function routesFor(catalog: AlertRoutesSpec | undefined, environment: EnvironmentAlerts, write?: (line: string) => void): AlertRoutes {
  const sinks = new Map<string, AlertSink>();
  const sinkOf = (d: AlertDestination): AlertSink => {
    const id = d.kind === "webhook" ? `webhook ${d.url}` : d.kind === "command" ? `command ${d.command}` : "stdout";
    let sink = sinks.get(id);
    if (sink === undefined) {
      sink = d.kind === "webhook" ? webhookSink(d.url) : d.kind === "command" ? commandSink(d.command) : stdoutSink(write);
      sinks.set(id, sink);
    }
    return sink;
  };
  const fromEnvironment: AlertDestination[] = [
    ...(environment.webhook ? [{ kind: "webhook" as const, url: environment.webhook }] : []),
    ...(environment.command ? [{ kind: "command" as const, command: environment.command }] : []),
  ];
  const fallback = [...(catalog?.fallback ?? []), ...fromEnvironment];
  return sinkRoutes({
    owners: Object.fromEntries(Object.entries(catalog?.owners ?? {}).map(([owner, to]) => [owner, [...new Set(to.map(sinkOf))]])),
    fallback: fallback.length > 0 ? [...new Set(fallback.map(sinkOf))] : [sinkOf({ kind: "stdout" })],
  });
}

/** Sends each alert to the sinks of its owners (once per sink); returns the sinks that failed. */
export async function deliverAlerts(alerts: readonly Alert[], routes: AlertRoutes): Promise<{ sink: string; error: string }[]> {
  const batches = new Map<AlertSink, Alert[]>();
  for (const alert of alerts) {
    const routed = alert.owners.flatMap((owner) => routes.owners[owner] ?? []);
    for (const sink of new Set(routed.length > 0 ? routed : routes.fallback)) {
      const batch = batches.get(sink) ?? [];
      batch.push(alert);
      batches.set(sink, batch);
    }
  }
  const failures: { sink: string; error: string }[] = [];
  await Promise.all(
    [...batches].map(async ([sink, batch]) => {
      try {
        await sink.send(batch);
      } catch (error) {
        failures.push({ sink: sink.name, error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return failures;
}
