import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { selectFromArguments } from "../select-from-arguments.ts";
import { stalenessOf } from "../staleness.ts";
import { textTable } from "../text-table.ts";
import { describeWaiting, waitingJson, waitingSummary } from "../../run/waiting-for-data.ts";
import type { PublishedVersion } from "../../state/records.ts";
import { damagedFiles, describeDamage, rebuildCommand, type FileDamage } from "../../run/damaged-files.ts";

const ago = (from: Date, now: Date): string => {
  const minutes = Math.round((now.getTime() - from.getTime()) / 60_000);
  return minutes < 60 ? `${minutes}m ago` : minutes < 48 * 60 ? `${Math.round(minutes / 60)}h ago` : `${Math.round(minutes / 1440)}d ago`;
};

/** A line for an asset with damaged published versions (files whose size changed since publishing). */
function describeDamaged(key: string, damaged: readonly FileDamage[]): string {
  const partitions = [...new Set(damaged.map((d) => d.partition))];
  const which = partitions.length === 1 && partitions[0] === "" ? "damaged published version" : `damaged published partition${partitions.length === 1 ? "" : "s"} ${partitions.join(", ")}`;
  const [first] = damaged;
  return `✗ ${key}: ${which}: ${first === undefined ? "" : describeDamage(first)}${damaged.length > 1 ? `, and ${damaged.length - 1} more` : ""}. Fix: run \`lakeform verify\`, then rebuild with \`${first === undefined ? `lakeform materialize ${key}` : rebuildCommand(first)}\`.`;
}

/** `lakeform status [selection]`: last materialisation, checks and staleness per asset, what waits for data, and damaged versions (by size). */
export const statusCommand: Command = {
  name: "status",
  summary: "Show each asset's last materialisation, its checks, and whether it is stale",
  usage: "lakeform status [selection...] [--env NAME] [--json]",
  options: {},
  async run(context) {
    const { io, json, positionals } = context;
    return withRuntime(context, async (runtime, graph) => {
      const keys = selectFromArguments(graph, positionals);
      const now = runtime.now();
      const latest = await runtime.state.latestMaterialisations(keys);
      const published = new Map<string, PublishedVersion[]>();
      for (const key of new Set([...keys, ...keys.flatMap((k) => graph.parents(k))])) published.set(key, await runtime.state.publishedVersions(key));
      const waiting = await runtime.state.waitingMaterialisations();
      const rows = [];
      for (const key of keys) {
        const last = latest.get(key);
        const checks = last === undefined ? [] : await runtime.state.checkResults(key);
        const count = (s: string) => checks.filter((c) => c.status === s).length;
        rows.push({
          key,
          lastStatus: last?.status ?? null,
          lastPartition: last?.partition ?? null,
          lastAt: last?.finishedAt ?? last?.startedAt ?? null,
          publishedPartitions: published.get(key)?.length ?? 0,
          checks: { passed: count("pass"), warned: count("warn"), failed: count("fail") + count("error") },
          stale: stalenessOf(graph, key, published) ?? null,
          reason: last?.reason ?? null,
          waitingForData: waitingSummary(graph.get(key), waiting, runtime.landingDir),
          damaged: await damagedFiles(runtime.store, published.get(key) ?? [], "size"),
        });
      }
      if (json) writeJson(io, rows.map((r) => ({ ...r, waitingForData: waitingJson(r.waitingForData) })));
      else {
        io.stdout(
          textTable(
            ["ASSET", "LAST RUN", "WHEN", "PUBLISHED", "CHECKS (pass/warn/fail)", "STALE"],
            rows.map((r) => [
              r.key,
              r.lastStatus === null ? "-" : `${r.lastStatus}${r.lastPartition ? ` ${r.lastPartition}` : ""}`,
              r.lastAt === null ? "-" : ago(r.lastAt, now),
              r.publishedPartitions === 0 ? "-" : `${r.publishedPartitions} partition${r.publishedPartitions === 1 ? "" : "s"}`,
              r.lastStatus === null ? "-" : `${r.checks.passed}/${r.checks.warned}/${r.checks.failed}`,
              r.stale ?? "no",
            ]),
          ),
        );
        for (const r of rows) if (r.waitingForData !== undefined) io.stdout(`${r.key}: ${describeWaiting(r.waitingForData)}`);
        for (const r of rows) if (r.damaged.length > 0) io.stdout(describeDamaged(r.key, r.damaged));
      }
      return ExitCode.ok;
    });
  },
};
