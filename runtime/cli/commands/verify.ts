import { damagedFiles, describeDamage, rebuildCommand, type FileDamage } from "../../run/damaged-files.ts";
import type { PublishedVersion } from "../../state/records.ts";
import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { selectFromArguments } from "../select-from-arguments.ts";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One damaged version for people: the asset, partition and version, then each file and what differs. */
function describeVersion(files: readonly FileDamage[]): string {
  const [first] = files;
  if (first === undefined) return "";
  const partition = first.partition === "" ? "" : ` partition ${first.partition}`;
  const what = files.map(describeDamage).join("; ");
  return `✗ ${first.asset}${partition} (version ${first.version}): ${what}. Fix: rebuild it with \`${rebuildCommand(first)}\`.`;
}

/**
 * `lakeform verify [selection] [--json]`: checks every file of every published version against
 * the size and SHA-256 recorded when it was published, and lists each damaged version. Exit 1
 * when any is damaged.
 */
export const verifyCommand: Command = {
  name: "verify",
  summary: "Check every published file against the size and SHA-256 recorded when it was published",
  usage: "lakeform verify [selection...] [--env NAME] [--json]",
  options: {},
  async run(context) {
    const { io, json, positionals } = context;
    return withRuntime(context, async (runtime, graph) => {
      const versions: PublishedVersion[] = [];
      for (const key of selectFromArguments(graph, positionals)) versions.push(...(await runtime.state.publishedVersions(key)));
      const damage = await damagedFiles(runtime.store, versions, "checksum");
      const byVersion = new Map<string, FileDamage[]>();
      for (const d of damage) byVersion.set(`${d.asset}\u0000${d.partition}`, [...(byVersion.get(`${d.asset}\u0000${d.partition}`) ?? []), d]);
      const checked = {
        versions: versions.filter((v) => v.digests.length > 0).length,
        files: versions.reduce((n, v) => n + v.digests.length, 0),
        unrecorded: versions.filter((v) => v.digests.length === 0).length,
      };
      if (json) writeJson(io, { checked, damagedVersions: byVersion.size, damaged: damage });
      else {
        for (const files of byVersion.values()) io.stdout(describeVersion(files));
        const unrecorded = checked.unrecorded === 0 ? "" : ` ${plural(checked.unrecorded, "version")} published before Lakeform recorded checksums ${checked.unrecorded === 1 ? "was" : "were"} not checked.`;
        const outcome = byVersion.size === 0 ? "all match what was published." : `${plural(byVersion.size, "damaged version")}. Fix: rebuild each with the command shown, then run \`lakeform verify\` again.`;
        io.stdout(`Checked ${plural(checked.files, "file")} of ${plural(checked.versions, "published version")}: ${outcome}${unrecorded}`);
      }
      return byVersion.size === 0 ? ExitCode.ok : ExitCode.failed;
    });
  },
};
