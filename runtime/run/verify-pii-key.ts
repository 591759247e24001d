import { LakeformError } from "../core/errors.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import { formatProblem } from "../core/problem.ts";
import type { StateStore } from "../state/state-store.ts";
import { piiKeyFingerprint, piiKeyProblem, shownFingerprint } from "../core/pii/pii-key.ts";

/** The sources among `keys` (all of the graph by default) that hash PII as they land. */
export function hashingSources(graph: AssetGraph, keys: readonly string[] = graph.keys): string[] {
  return keys.filter((key) => {
    const node = graph.get(key);
    return node.kind === "source" && Object.values(node.columns).some((c) => c.pii?.treatment === "hash");
  });
}

/** The sources that hash PII and have published data: what a different key would no longer join. */
export async function hashedSourcesWithData(graph: AssetGraph, state: StateStore): Promise<string[]> {
  const found: string[] = [];
  for (const key of hashingSources(graph)) if ((await state.publishedVersions(key)).length > 0) found.push(key);
  return found;
}

/**
 * Before a run lands anything: when it lands sources that hash PII, the key must be usable and
 * be the key in force. The first key used is recorded (its fingerprint, never the key); a
 * different key is refused while data hashed with the recorded one is published, because new
 * hashes would no longer join old ones — `lakeform pii rotate-key` changes it explicitly. While
 * nothing hashed is published yet, a different key simply becomes the one in force.
 * An unset key is left to the source itself, which names the columns to hash.
 *
 * @throws LakeformError naming the first hashing source, the recorded fingerprint and the fix.
 */
export async function verifyPiiKey(
  services: { readonly graph: AssetGraph; readonly state: StateStore; readonly piiKey: Buffer | undefined; readonly now: () => Date },
  keys: readonly string[],
): Promise<void> {
  const [first] = hashingSources(services.graph, keys);
  if (first === undefined || services.piiKey === undefined) return;
  const problem = piiKeyProblem(services.piiKey);
  if (problem !== undefined) throw new LakeformError(formatProblem({ asset: first, message: problem[0], fix: `${problem[1]}; nothing was landed` }));
  const fingerprint = piiKeyFingerprint(services.piiKey);
  const inForce = (await services.state.piiKeyFingerprint()) ?? (await services.state.recordPiiKeyFingerprint(fingerprint, services.now()));
  if (inForce.fingerprint === fingerprint) return;
  if ((await hashedSourcesWithData(services.graph, services.state)).length === 0) {
    await services.state.rotatePiiKeyFingerprint(fingerprint, services.now());
    return;
  }
  throw new LakeformError(
    formatProblem({
      asset: first,
      message: `LAKEFORM_PII_KEY does not match the key that hashed the data already landed (fingerprint ${shownFingerprint(inForce.fingerprint)}; this key's is ${shownFingerprint(fingerprint)})`,
      fix: "set the original key, or run `lakeform pii rotate-key --confirm` to make this key the one in force (values hashed before then no longer join values hashed after, until their sources are re-landed); nothing was landed",
    }),
  );
}
