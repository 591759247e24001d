import { versionFolder } from "../catalog/version-folder.ts";
import type { WarehouseVersion } from "../engines/engine.ts";
import { engineFor } from "./engine-for.ts";
import type { PublishItem } from "./materialize-partition.ts";
import type { RunServices } from "./run-services.ts";

/** What {@link publishVersions} did: the items now published, and those a warehouse refused, with why (their materialisations are failed). */
export interface PublishOutcome {
  readonly published: readonly PublishItem[];
  readonly failed: readonly { readonly item: PublishItem; readonly reason: string }[];
}

/**
 * Makes the versions of one asset visible in the environment's warehouse, when it has one:
 * versions its engine staged in the warehouse are published there (`Engine.publishStaged`:
 * BigQuery's copy into the partition decorator, or one transaction for several); versions written
 * as files are loaded into the warehouse's table (`Engine.loadPublished` of `services.warehouse`).
 */
async function publishInWarehouse(services: RunServices, asset: string, items: readonly PublishItem[]): Promise<void> {
  const node = services.graph.get(asset);
  const engine = node.compute.kind === "ingest" ? services.engine : engineFor(services, node);
  const versions = (files: boolean): WarehouseVersion[] => items.map((item) => ({ id: item.id, partition: item.partition, version: item.version, files: files ? item.files.map((key) => services.store.locationOf(key)) : [] }));
  if (engine.writes === "warehouse-table") {
    await engine.publishStaged?.(node, versions(false));
    return;
  }
  await services.warehouse?.loadPublished?.(node, versions(true));
}

/**
 * Publishes audited versions, in this order:
 *
 * 1. **The warehouse first**, per asset, where the environment keeps published data in one
 *    (GCP: every asset's BigQuery table): a BigQuery asset's staging tables are copied into their
 *    partitions (`publishToBigQuery`), other versions' files loaded into theirs. A copy or load
 *    that fails fails those materialisations with its reason — the state store never says
 *    published what analysts cannot query, so nothing is half-published — and the previous
 *    version stays the published one in the state store. (A partition a failed multi-step load
 *    replaced already holds the same audited rows; the retry replaces it again.)
 * 2. **The state store**, in one transaction (readers of Lakeform see all or none).
 * 3. **The table catalog** when there is one (Glue: each partition points at its version's
 *    folder, so Athena and Spark read audited data only). The state store is the truth: a
 *    catalog that cannot be updated now does not fail the run — it is said, and `lakeform
 *    catalog sync` (also run at the start of every tick) brings the catalog back in line.
 */
export async function publishVersions(services: RunServices, items: readonly PublishItem[]): Promise<PublishOutcome> {
  if (items.length === 0) return { published: [], failed: [] };
  const failed: { item: PublishItem; reason: string }[] = [];
  const byAsset = new Map<string, PublishItem[]>();
  for (const item of items) byAsset.set(item.asset, [...(byAsset.get(item.asset) ?? []), item]);
  for (const [asset, mine] of byAsset) {
    try {
      await publishInWarehouse(services, asset, mine);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const item of mine) failed.push({ item, reason });
    }
  }
  for (const { item, reason } of failed) await services.state.finishMaterialisation(item.id, { status: "failed", finishedAt: services.now(), reason, timings: item.timings });
  const published = items.filter((item) => !failed.some((f) => f.item === item));
  if (published.length === 0) return { published, failed };
  await services.state.publish(published, services.now());
  const catalog = services.catalog;
  if (catalog === undefined) return { published, failed };
  try {
    await catalog.publish(published.map((item) => ({ asset: item.asset, partition: item.partition, location: versionFolder(services.store, item.asset, item.version, item.files) })));
  } catch (error) {
    const warn = services.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
    warn(`Published in the state store, but the ${catalog.name} catalog was not updated: ${error instanceof Error ? error.message : String(error)} Fix: run \`lakeform catalog sync\` (each tick also does).`);
  }
  return { published, failed };
}
