import { versionFolder } from "../catalog/version-folder.ts";
import type { PublishItem } from "./materialize-partition.ts";
import type { RunServices } from "./run-services.ts";

/**
 * Publishes audited versions: in the state store, in one transaction (readers of Lakeform see
 * all or none), then in the table catalog when there is one (Glue: each partition points at its
 * version's folder, so Athena and Spark read audited data only). The state store is the truth:
 * a catalog that cannot be updated now does not fail the run — it is said, and `lakeform
 * catalog sync` (also run at the start of every tick) brings the catalog back in line.
 */
export async function publishVersions(services: RunServices, items: readonly PublishItem[]): Promise<void> {
  if (items.length === 0) return;
  await services.state.publish(items, services.now());
  const catalog = services.catalog;
  if (catalog === undefined) return;
  try {
    await catalog.publish(items.map((item) => ({ asset: item.asset, partition: item.partition, location: versionFolder(services.store, item.asset, item.version, item.files) })));
  } catch (error) {
    const warn = services.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
    warn(`Published in the state store, but the ${catalog.name} catalog was not updated: ${error instanceof Error ? error.message : String(error)} Fix: run \`lakeform catalog sync\` (each tick also does).`);
  }
}
