import { syncCatalog } from "../../catalog/sync-catalog.ts";
import { LakeformError } from "../../core/errors.ts";
import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { selectFromArguments } from "../select-from-arguments.ts";
import { UsageError } from "../usage-error.ts";

/**
 * `lakeform catalog sync [selection]`: makes the table catalog (Glue) agree with the state store,
 * which is the truth — every published version's partition points at its folder, partitions
 * without a published version are removed. Idempotent; each tick runs it too.
 */
export const catalogCommand: Command = {
  name: "catalog",
  summary: "sync: point the table catalog (Glue) at the published versions, repairing a crash between the state store and the catalog",
  usage: "lakeform catalog sync [selection] [--env NAME] [--json]",
  options: {},
  async run(context) {
    const [action, ...selection] = context.positionals;
    if (action !== "sync") throw new UsageError(`\`lakeform catalog ${context.positionals.join(" ")}\` is not a catalog command. Fix: run \`lakeform catalog sync\`.`);
    return withRuntime(context, async (runtime, graph) => {
      const catalog = runtime.catalog;
      if (catalog === undefined) throw new LakeformError("This environment has no table catalog to sync. Fix: set LAKEFORM_GLUE_PREFIX to the stack's prefix (the Pulumi program sets it on the runtime's task), or nothing needs syncing.");
      const keys = selectFromArguments(graph, selection);
      const repairs = await syncCatalog({ graph, state: runtime.state, store: runtime.store, catalog }, keys);
      if (context.json) writeJson(context.io, { catalog: catalog.name, assets: keys.length, repairs });
      else {
        for (const r of repairs) context.io.stdout(`${r.action === "pointed" ? "pointed" : "removed"} ${r.asset}${r.partition === "" ? "" : ` ${r.partition}`}${r.location === undefined ? "" : ` → ${r.location}`}`);
        context.io.stdout(`The ${catalog.name} catalog agrees with the state store for ${keys.length} asset${keys.length === 1 ? "" : "s"}: ${repairs.length} partition${repairs.length === 1 ? "" : "s"} repaired.`);
      }
      return ExitCode.ok;
    });
  },
};
