import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { partitionOption } from "../partition-option.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { textTable } from "../text-table.ts";
import { assetArgument } from "./checks.ts";
import { formatCount } from "../../core/checks/format-count.ts";

const show = (v: number | string | null, digits = 2): string => (v === null ? "" : typeof v === "number" ? (Number.isInteger(v) ? formatCount(v) : v.toFixed(digits)) : v);

/** `lakeform profile <asset>`: the profile of its latest materialisation. */
export const profileCommand: Command = {
  name: "profile",
  summary: "Show an asset's data profile: nulls, distinct values, ranges, means, lengths",
  usage: "lakeform profile <asset> [--partition KEY] [--env NAME] [--json]",
  options: { partition: { type: "string", value: "KEY", description: "the partition whose latest profile to show (default: the latest materialisation of any partition)" } },
  async run(context) {
    const key = assetArgument(context, "profile");
    return withRuntime(context, async (runtime, graph) => {
      const partition = partitionOption(context, graph.get(key));
      const profile = await runtime.state.latestProfile(key, partition);
      if (context.json) writeJson(context.io, profile ?? null);
      else if (profile === undefined) context.io.stdout(`${key} has no profile yet. Run \`lakeform materialize ${key}\`.`);
      else {
        const sampled = Math.max(0, ...profile.columns.map((c) => c.sampledRows ?? 0));
        const sample = sampled > 0 ? ` (distinct counts, means, quantiles and lengths from a sample of ${formatCount(sampled)} rows; nulls, min and max from every row)` : "";
        context.io.stdout(`${key}${profile.partition ? ` ${profile.partition}` : ""}: ${formatCount(profile.rows)} rows, profiled ${profile.profiledAt.toISOString()}${sample}`);
        context.io.stdout(
          textTable(
            ["COLUMN", "TYPE", "NULLS", "DISTINCT≈", "MIN", "MAX", "MEAN", "STDDEV", "P25/P50/P75", "LENGTH"],
            profile.columns.map((c) => [
              c.name,
              c.type,
              formatCount(c.nulls),
              show(c.distinct),
              show(c.min),
              show(c.max),
              show(c.mean),
              show(c.stddev),
              c.quantiles === null ? "" : c.quantiles.map((q) => show(q)).join(" / "),
              c.minLength === null ? "" : `${c.minLength}–${c.maxLength}`,
            ]),
          ),
        );
      }
      return ExitCode.ok;
    });
  },
};
