import type { ObjectStore } from "../storage/object-store.ts";

/**
 * The folder holding exactly one version's files, as a location a catalog can point at
 * (`…/dt=2024-01-01/v-0b3f/`). A catalog reads every file under a partition's location, so a
 * version must have a folder of its own; one written as a single file beside other versions
 * cannot be catalogued.
 * @throws when the files do not share one folder named after the version.
 */
export function versionFolder(store: Pick<ObjectStore, "locationOf">, asset: string, version: string, files: readonly string[]): string {
  const folders = new Set(files.map((file) => file.slice(0, file.lastIndexOf("/") + 1)));
  const [folder] = folders;
  if (folders.size !== 1 || folder === undefined || !folder.endsWith(`/${version}/`)) {
    throw new Error(`Asset "${asset}": version ${version} is not in a folder of its own (${files.slice(0, 2).join(", ")}${files.length > 2 ? ", …" : ""}), so the catalog cannot point at it alone. Fix: materialise it again with a store that writes version folders (S3).`);
  }
  const location = store.locationOf(folder);
  if (location.kind !== "files") throw new Error(`Asset "${asset}": version ${version} lives in a warehouse table, which has no folder for a catalog. Fix: publish it through the warehouse's own catalog.`);
  return location.uri.endsWith("/") ? location.uri : `${location.uri}/`;
}
