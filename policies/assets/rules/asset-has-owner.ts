import type { AssetRule } from "../asset-rule.ts";

/**
 * Every asset is owned by a team: someone answers for it, alerts reach them, and it stays owned
 * when a person leaves. (`buildAssetGraph` requires owners for runs; the gate builds the graph
 * without that requirement so a missing owner is reported here, next to every other finding.)
 */
export const assetHasOwner: AssetRule = {
  id: "asset-has-owner",
  description: "Every asset has an owner, and at least one owner is a team (team:<name>), not only people",
  defaultLevel: "mandatory",
  check({ graph }) {
    return graph.nodes().flatMap((node) => {
      if (node.owners.length === 0) return [{ asset: node.key, message: "has no owner", fix: 'add owners: ["team:<name>"]; alerts go to the owners' }];
      if (node.owners.some((owner) => owner.startsWith("team:"))) return [];
      return [{ asset: node.key, message: `is owned by people only (${node.owners.join(", ")})`, fix: 'add the team that answers for it, e.g. owners: ["team:<name>", …]' }];
    });
  },
};
