import { LakeformError } from "../../core/errors.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import { piiKeyProblem } from "../../core/pii/pii-key.ts";

/** An extracting source with PII to hash needs a usable key before anything is read (as the loader does for files). */
export function assertPiiKey(node: AssetNode, piiKey: Buffer | undefined): void {
  const hashed = Object.entries(node.columns).filter(([, c]) => c.pii?.treatment === "hash").map(([name]) => name);
  if (hashed.length === 0) return;
  if (piiKey === undefined) {
    throw new LakeformError(`Asset "${node.key}": ${hashed.map((n) => `"${n}"`).join(", ")} ${hashed.length === 1 ? "is" : "are"} PII to hash, but LAKEFORM_PII_KEY is not set. Fix: set LAKEFORM_PII_KEY to a secret of at least 16 characters (the same wherever hashed values must join); nothing was extracted.`);
  }
  const problem = piiKeyProblem(piiKey);
  if (problem !== undefined) throw new LakeformError(`Asset "${node.key}": ${problem[0]}. Fix: ${problem[1]}; nothing was extracted.`);
}
