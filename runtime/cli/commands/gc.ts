import { parseDuration } from "../../core/declare/duration.ts";
import { expirePartitions } from "../../scheduler/expire-partitions.ts";
import { isRunAlive } from "../../state/process-liveness.ts";
import { orphanFiles } from "../../storage/orphan-files.ts";
import { writeJson } from "../cli-io.ts";
import { stringOption, type Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { describeExpired } from "./tick.ts";
import { UsageError } from "../usage-error.ts";
import { pruneLogPartitions } from "../../logs/prune-log-partitions.ts";

/** `lakeform gc [--older-than 30d]`: bounds the state and the disk, and enforces each asset's `retentionDays`. */
export const gcCommand: Command = {
  name: "gc",
  summary: "Expire partitions past their asset's retentionDays; delete run history older than the retention (default 30d, LAKEFORM_HISTORY_RETENTION), the files of unpublished versions, and files left by runs that died",
  usage: "lakeform gc [--older-than 30d] [--env NAME] [--json]",
  options: { "older-than": { type: "string", value: "DURATION", description: "delete history that finished longer ago than this, e.g. 90d (default: LAKEFORM_HISTORY_RETENTION, else 30d)" } },
  async run(context) {
    const text = stringOption(context, "older-than");
    const retention = text === undefined ? context.config.historyRetentionMs : parseDuration(text);
    if (retention === undefined) throw new UsageError(`--older-than "${text}" is not a duration. Fix: e.g. --older-than 30d.`);
    return withRuntime(context, async (runtime) => {
      const now = runtime.now();
      const before = new Date(now.getTime() - retention);
      // Runs whose process died are failed first: their files belong to no live run.
      await runtime.state.failAbandoned((run) => isRunAlive(run, now), now);
      // Partitions past their asset's retentionDays: unpublished (recorded as expired) and their files deleted.
      const expired = await expirePartitions(runtime, now, { by: "lakeform gc" });
      const pruned = await runtime.state.pruneHistory(before);
      await runtime.store.delete(pruned.files);
      const running = await runtime.state.runningMaterialisations();
      const orphans = await orphanFiles(runtime.store, { recorded: new Set(await runtime.state.recordedFiles()), runningVersions: new Set(running.map((m) => m.version)) }, before);
      await runtime.store.delete(orphans);
      // The logs tier's date partitions (run logs, OpenLineage events) whose day ended before then.
      const logPartitions = pruneLogPartitions(runtime.workspace.logsDir, before).length;
      const summary = { before: before.toISOString(), runs: pruned.runs, materialisations: pruned.materialisations, decisions: pruned.decisions, files: pruned.files.length, orphans: orphans.length, logPartitions, expired };
      if (context.json) writeJson(context.io, summary);
      else {
        for (const e of expired) context.io.stdout(`Expired ${e.asset}: ${describeExpired(e)}.`);
        context.io.stdout(
          `Deleted what finished before ${summary.before}: ${summary.runs} runs, ${summary.materialisations} materialisations (with their checks and profiles), ${summary.decisions} decisions, ${summary.files} data files, ` +
            `and ${summary.orphans} orphaned files (written before then by runs that died, recorded nowhere). Published versions are kept. Log partitions deleted: ${summary.logPartitions}.`,
        );
      }
      return ExitCode.ok;
    });
  },
};
