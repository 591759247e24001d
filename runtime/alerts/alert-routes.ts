import type { Alert } from "./alert.ts";
import type { AlertSink } from "./alert-sink.ts";
import { commandSink, stdoutSink } from "./command-sink.ts";
import { webhookSink } from "./webhook-sink.ts";

/**
 * Where each owner's alerts go; owners without a route use `fallback`.
 * @example alertRoutes({ owners: { "team:growth": [webhookSink(GROWTH_SLACK)] }, fallback: [webhookSink(DATA_SLACK)] })
 */
export interface AlertRoutes {
  readonly owners: Readonly<Record<string, readonly AlertSink[]>>;
  readonly fallback: readonly AlertSink[];
}

/** Declares alert routes (export them from the catalog module as `alerts`). */
export function alertRoutes(routes: { readonly owners?: Readonly<Record<string, readonly AlertSink[]>>; readonly fallback?: readonly AlertSink[] }): AlertRoutes {
  return { owners: routes.owners ?? {}, fallback: routes.fallback ?? [] };
}

/**
 * Routes from the environment when the catalog declares none: `LAKEFORM_ALERT_WEBHOOK`
 * (Slack-compatible) and `LAKEFORM_ALERT_COMMAND` (JSON on stdin); standard output otherwise.
 */
export function routesFromEnvironment(env: NodeJS.ProcessEnv = process.env, write?: (line: string) => void): AlertRoutes {
  const sinks: AlertSink[] = [];
  if (env.LAKEFORM_ALERT_WEBHOOK) sinks.push(webhookSink(env.LAKEFORM_ALERT_WEBHOOK));
  if (env.LAKEFORM_ALERT_COMMAND) sinks.push(commandSink(env.LAKEFORM_ALERT_COMMAND));
  return alertRoutes({ fallback: sinks.length > 0 ? sinks : [stdoutSink(write)] });
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
