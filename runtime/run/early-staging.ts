import type { AssetNode } from "../core/graph/asset-node.ts";
import type { Engine } from "../engines/engine.ts";
import type { RunServices } from "./run-services.ts";
import { stageVersion, type Staging } from "./staging.ts";

/** A version's place prepared ahead of the work that decides whether it is written. */
export interface EarlyStaging {
  /** The staging; a failure surfaces when it is awaited, not before. */
  readonly staging: Promise<Staging>;
  /** Removes the place again when nothing will be written there (its inputs are not ready). */
  discard(): Promise<void>;
}

/**
 * Starts staging a new version of an asset computed from its inputs (not a source, whose
 * landing may hold nothing), so that creating its folder overlaps recording the materialisation
 * and looking up its inputs: only where the store is the local filesystem, where an unused
 * folder is removed at no cost; undefined elsewhere (stage when the inputs are ready).
 */
export function earlyStaging(services: Pick<RunServices, "store">, engine: Pick<Engine, "writes" | "name" | "stagingLocation">, node: AssetNode, partition: string, version: string): EarlyStaging | undefined {
  const { store } = services;
  if (node.compute.kind === "ingest" || store.kind !== "local" || (engine.writes ?? "local-file") !== "local-file") return undefined;
  const staging = stageVersion(store, engine, node, partition, version);
  staging.catch(() => undefined);
  return {
    staging,
    async discard() {
      // The version's file was never written: deleting it takes its empty folder (and an emptied partition's) with it.
      const staged = await staging.catch(() => undefined);
      if (staged !== undefined) await store.delete([staged.key]).catch(() => undefined);
    },
  };
}
