import { evaluateFreshness } from "../../freshness/evaluate-freshness.ts";
import { cronAt, nextTick } from "../../core/graph/cron-expression.ts";
import { writeJson } from "../cli-io.ts";
import { stringOption, type Command } from "../command.ts";
import { describeSchedule } from "../describe-node.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { nowOf } from "../parse-now.ts";
import { describeWaiting, waitingJson, waitingSummary } from "../../run/waiting-for-data.ts";
import { assetArgument } from "./checks.ts";

/** `lakeform why <asset> [--partition K]`: why it ran or did not. */
export const whyCommand: Command = {
  name: "why",
  summary: "Explain why the scheduler ran an asset or did not: its recorded decisions and what it waits for",
  usage: "lakeform why <asset> [--partition KEY] [--now ISO] [--env NAME] [--json]",
  options: {
    partition: { type: "string", value: "KEY", description: "only the decisions about this partition (default: every partition)" },
    now: { type: "string", value: "ISO", description: "act as if it were this time (ISO 8601, e.g. 2024-03-01T09:00:00Z; default: the real clock)" },
  },
  async run(context) {
    const key = assetArgument(context, "why");
    const now = nowOf(context.values.now);
    return withRuntime(context, async (runtime, graph) => {
      const node = graph.get(key);
      const partition = stringOption(context, "partition");
      const decisions = await runtime.state.decisions(key, { limit: 10, ...(partition === undefined ? {} : { partition }) });
      const last = (await runtime.state.publishedSummaries()).get(key)?.lastPublishedAt;
      const latest = (await runtime.state.latestMaterialisations([key])).get(key);
      const waiting = waitingSummary(node, (await runtime.state.waitingMaterialisations()).filter((m) => partition === undefined || m.partition === partition), runtime.landingDir);
      const schedule = node.schedule;
      const waitsFor =
        schedule.kind === "cron"
          ? `its next cron tick at ${new Date(nextTick(cronAt(schedule.cron, schedule.timezone, now)) ?? 0).toISOString()}`
          : schedule.kind === "eager"
            ? `a new version of ${graph.parents(key).map((p) => `"${p}"`).join(" or ")}`
            : !node.scheduleDeclared && node.freshness !== undefined
              ? "its freshness policy to come close to a violation"
              : "someone to run `lakeform materialize` (it is on demand)";
      const freshness = evaluateFreshness(node.freshness, last, now);
      const explanation = {
        asset: key,
        schedule: describeSchedule(node),
        waitsFor,
        freshness: { state: freshness.state, reason: freshness.reason },
        waitingForData: waitingJson(waiting),
        lastMaterialisation: latest === undefined ? null : { status: latest.status, partition: latest.partition, at: (latest.finishedAt ?? latest.startedAt).toISOString(), reason: latest.reason ?? null },
        decisions: decisions.map((d) => ({ ...d, decidedAt: d.decidedAt.toISOString() })),
      };
      if (context.json) writeJson(context.io, explanation);
      else {
        const io = context.io;
        io.stdout(`${key}: ${explanation.schedule}; it waits for ${waitsFor}.`);
        if (waiting !== undefined) io.stdout(`It is ${describeWaiting(waiting)}.`);
        io.stdout(`Freshness: ${freshness.state} (${freshness.reason}).`);
        io.stdout(latest === undefined ? "It has never been materialised." : `Last materialisation: ${latest.status}${latest.partition ? ` ${latest.partition}` : ""} at ${explanation.lastMaterialisation?.at}${latest.reason ? ` — ${latest.reason.split("\n")[0]}` : ""}.`);
        if (decisions.length === 0) io.stdout("No tick has decided anything about it yet.");
        else {
          io.stdout("Recent scheduler decisions, newest first:");
          for (const d of decisions) io.stdout(`  ${d.decidedAt.toISOString()} ${d.action}${d.partition ? ` ${d.partition}` : ""} (${d.trigger}): ${d.reason}`);
        }
      }
      return ExitCode.ok;
    });
  },
};
