import { createHash } from "node:crypto";
import type { AssetDefinition } from "../model/asset.ts";
import type { Dependency } from "./asset-node.ts";
import { canonicalJson } from "./canonical-json.ts";

/**
 * A content hash of what determines an asset's data — kind, columns, compute, partitions,
 * dependencies with their mappings, engine — and of its parents' fingerprints (SQLMesh's
 * data hash). Descriptions, owners, tags, checks, schedules and freshness do not change the
 * data, so they do not change the fingerprint. 16 hex characters.
 */
export function fingerprintOf(
  definition: AssetDefinition,
  engine: string,
  dependencies: readonly Dependency[],
  parentFingerprint: (key: string) => string,
): string {
  const columns = Object.fromEntries(Object.entries(definition.columns).map(([name, column]) => [name, column.spec]));
  const data = canonicalJson({
    kind: definition.kind,
    columns,
    compute: definition.compute,
    partitions: definition.partitions ?? null,
    engine,
    dependencies: dependencies.map((d) => ({ ...d, fingerprint: parentFingerprint(d.key) })),
  });
  return createHash("sha256").update(data).digest("hex").slice(0, 16);
}
