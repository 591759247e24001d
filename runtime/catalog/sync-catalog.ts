import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { VersionStore } from "../state/version-store.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import type { CatalogEntry, CatalogPublisher } from "./catalog-publisher.ts";
import { versionFolder } from "./version-folder.ts";

/** What `syncCatalog` changed for one partition. */
export interface CatalogRepair {
  readonly asset: string;
  readonly partition: string;
  /** `pointed`: the catalog now points at the published version (it pointed elsewhere, or nowhere); `removed`: it pointed at a partition with no published version. */
  readonly action: "pointed" | "removed";
  readonly location?: string;
}

/**
 * Makes the catalog agree with the state store, which is the truth: every published version's
 * partition points at its folder, and partitions without a published version (expired, or
 * left by a crash) are removed. Idempotent: a second sync changes nothing. Run by
 * `lakeform catalog sync` and at the start of every tick, it repairs a crash between the state
 * store's publish and the catalog's.
 */
export async function syncCatalog(services: { readonly graph: AssetGraph; readonly state: Pick<VersionStore, "publishedVersions">; readonly store: Pick<ObjectStore, "locationOf">; readonly catalog: CatalogPublisher }, assets: readonly string[] = services.graph.keys): Promise<CatalogRepair[]> {
  const repairs: CatalogRepair[] = [];
  for (const asset of assets) {
    const published = await services.state.publishedVersions(asset);
    const wanted = new Map<string, string>();
    for (const version of published) wanted.set(version.partition, versionFolder(services.store, asset, version.version, version.files));
    const actual = await services.catalog.locations(asset);
    const toPoint: CatalogEntry[] = [];
    for (const [partition, location] of wanted) if (actual.get(partition) !== location) toPoint.push({ asset, partition, location });
    const toRemove = [...actual.keys()].filter((partition) => partition !== "" && !wanted.has(partition));
    if (toPoint.length > 0) await services.catalog.publish(toPoint);
    if (toRemove.length > 0) await services.catalog.remove(asset, toRemove);
    repairs.push(...toPoint.map((e) => ({ asset, partition: e.partition, action: "pointed" as const, location: e.location })), ...toRemove.sort().map((partition) => ({ asset, partition, action: "removed" as const })));
  }
  return repairs;
}
