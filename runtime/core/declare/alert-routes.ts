/**
 * Where an owner's alerts go, declared in the catalog as plain data (the runtime turns each
 * destination into a sink when it ticks):
 * - `webhook(url)`: a Slack-compatible incoming webhook (`{ text, blocks }`);
 * - `alertCommand(command)`: a shell command given the alerts as JSON on stdin;
 * - `standardOutput()`: one line per alert on the scheduler's output.
 */
export type AlertDestination =
  | { readonly kind: "webhook"; readonly url: string }
  | { readonly kind: "command"; readonly command: string }
  | { readonly kind: "stdout" };

/**
 * The alert routes of a catalog, exported from its module as `alerts` beside the default export
 * of declarations. An alert goes to the destinations of each of its asset's owners; an alert
 * none of whose owners has a route goes to `fallback` and to the environment's
 * `LAKEFORM_ALERT_WEBHOOK` / `LAKEFORM_ALERT_COMMAND` (standard output when there are none).
 */
export interface AlertRoutesSpec {
  readonly kind: "alertRoutes";
  readonly owners: Readonly<Record<string, readonly AlertDestination[]>>;
  /** @default none: unrouted alerts go to the environment's destinations */
  readonly fallback: readonly AlertDestination[];
}

/**
 * Declares the catalog's alert routes; export them from the catalog module as `alerts`.
 * @example
 * export const alerts = alertRoutes({
 *   owners: { "team:growth": [webhook("https://hooks.slack.com/services/T0/B0/growth")] },
 *   fallback: [webhook("https://hooks.slack.com/services/T0/B0/data")],
 * });
 * export default [orders, revenue];
 */
export function alertRoutes(routes: { readonly owners?: Readonly<Record<string, readonly AlertDestination[]>>; readonly fallback?: readonly AlertDestination[] }): AlertRoutesSpec {
  const owners = Object.fromEntries(Object.entries(routes.owners ?? {}).map(([owner, to]) => [owner, Object.freeze([...to])]));
  return Object.freeze({ kind: "alertRoutes", owners: Object.freeze(owners), fallback: Object.freeze([...(routes.fallback ?? [])]) });
}

/** A Slack-compatible incoming webhook. @example webhook("https://hooks.slack.com/services/T0/B0/XXXX") */
export const webhook = (url: string): AlertDestination => Object.freeze({ kind: "webhook", url });

/** A shell command that receives the alerts as JSON on its standard input. @example alertCommand("./page-oncall.sh") */
export const alertCommand = (command: string): AlertDestination => Object.freeze({ kind: "command", command });

/** One line per alert on the scheduler's standard output. */
export const standardOutput = (): AlertDestination => Object.freeze({ kind: "stdout" });

/** Whether `value` was made by {@link alertRoutes} (a catalog's `alerts` export is checked with it). */
export function isAlertRoutesSpec(value: unknown): value is AlertRoutesSpec {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "alertRoutes";
}

/**
 * What is wrong with the routes, one `[what, fix]` per problem: a webhook that is not an http(s)
 * URL, an empty command, a destination not made by `webhook`/`alertCommand`/`standardOutput`.
 */
export function alertRoutesProblems(spec: AlertRoutesSpec): [string, string][] {
  const problems: [string, string][] = [];
  const where = [...Object.entries(spec.owners).map(([owner, to]) => [`the route of "${owner}"`, to] as const), ["the fallback", spec.fallback] as const];
  for (const [name, destinations] of where) {
    if (!Array.isArray(destinations)) {
      problems.push([`${name} is not a list of destinations`, "give a list, e.g. [webhook(url)]"]);
      continue;
    }
    for (const d of destinations as readonly unknown[]) {
      const problem = destinationProblem(d);
      if (problem !== undefined) problems.push([`${name}: ${problem[0]}`, problem[1]]);
    }
  }
  return problems;
}

function destinationProblem(d: unknown): [string, string] | undefined {
  const kind = typeof d === "object" && d !== null ? (d as { kind?: unknown }).kind : undefined;
  if (kind === "webhook") {
    const url = (d as { url?: unknown }).url;
    return typeof url === "string" && /^https?:\/\/[^/\s]+/i.test(url) && URL.canParse(url) ? undefined : [`webhook ${JSON.stringify(url)} is not an http(s) URL`, "pass the full URL, e.g. webhook(\"https://hooks.slack.com/services/…\")"];
  }
  if (kind === "command") {
    const command = (d as { command?: unknown }).command;
    return typeof command === "string" && command.trim() !== "" ? undefined : ["the alert command is empty", "pass a command line, e.g. alertCommand(\"./page-oncall.sh\")"];
  }
  if (kind === "stdout") return undefined;
  return [`${JSON.stringify(d) ?? String(d)} is not an alert destination`, "use webhook(url), alertCommand(command) or standardOutput() from \"lakeform\""];
}
