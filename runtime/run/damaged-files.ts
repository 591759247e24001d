import { LakeformError } from "../core/errors.ts";
import type { FileDigest, PublishedVersion } from "../state/records.ts";
import type { ObjectStore } from "../storage/object-store.ts";

/**
 * How thoroughly published files are checked against what was published: `size` only stats
 * each file (cheap: before every read, in `status`); `checksum` also reads it whole and compares
 * its SHA-256 (`lakeform verify`).
 */
export type IntegrityCheck = "size" | "checksum";

/** A data file of a published version that is no longer what was published. */
export interface FileDamage {
  readonly asset: string;
  /** `""` for an unpartitioned asset. */
  readonly partition: string;
  readonly version: string;
  /** The file's object key. */
  readonly file: string;
  /** `missing`: no file at all; `size`: another size; `checksum`: same size, other content. */
  readonly problem: "missing" | "size" | "checksum";
  readonly expected: { readonly bytes: number; readonly sha256: string };
  /** What is there now; undefined when missing. `sha256` only when checked by checksum. */
  readonly actual: { readonly bytes: number; readonly sha256?: string } | undefined;
}

async function damageOf(store: ObjectStore, version: PublishedVersion, digest: FileDigest, check: IntegrityCheck): Promise<FileDamage | undefined> {
  const at = { asset: version.asset, partition: version.partition, version: version.version, file: digest.key, expected: { bytes: digest.bytes, sha256: digest.sha256 } };
  if (check === "size") {
    const bytes = await store.sizeOf(digest.key);
    if (bytes === undefined) return { ...at, problem: "missing", actual: undefined };
    return bytes === digest.bytes ? undefined : { ...at, problem: "size", actual: { bytes } };
  }
  const actual = await store.digestOf(digest.key);
  if (actual === undefined) return { ...at, problem: "missing", actual: undefined };
  if (actual.bytes !== digest.bytes) return { ...at, problem: "size", actual };
  return actual.sha256 === digest.sha256 ? undefined : { ...at, problem: "checksum", actual };
}

/**
 * The files of `versions` that no longer match the size (and, by `checksum`, the SHA-256) they
 * were published with, in the order given. Versions published before Lakeform recorded digests
 * carry none and are not checked.
 */
export async function damagedFiles(store: ObjectStore, versions: readonly PublishedVersion[], check: IntegrityCheck): Promise<FileDamage[]> {
  const files = versions.flatMap((version) => version.digests.map((digest) => ({ version, digest })));
  const found: (FileDamage | undefined)[] = [];
  // Stats run together; whole-file reads one at a time, so memory stays at one buffer.
  if (check === "size") found.push(...(await Promise.all(files.map(({ version, digest }) => damageOf(store, version, digest, check)))));
  else for (const { version, digest } of files) found.push(await damageOf(store, version, digest, check));
  return found.filter((d) => d !== undefined);
}

/** What differs, e.g. `file clean/orders/v-1.parquet is 812 bytes, but 1,024 were published`. */
export function describeDamage(damage: FileDamage): string {
  const file = `file ${damage.file}`;
  switch (damage.problem) {
    case "missing":
      return `${file} is missing`;
    case "size":
      return `${file} is ${damage.actual?.bytes ?? 0} bytes, but ${damage.expected.bytes} were published`;
    case "checksum":
      return `${file} has SHA-256 ${damage.actual?.sha256 ?? "?"}, but ${damage.expected.sha256} was published (same size, other content)`;
  }
}

/** The partition as people name it: `partition 2024-01-01`, or `its published version` when unpartitioned. */
function partitionLabel(partition: string): string {
  return partition === "" ? "its published version" : `partition ${partition}`;
}

/** The command that rebuilds the damaged version. */
export function rebuildCommand(damage: Pick<FileDamage, "asset" | "partition">): string {
  return `lakeform materialize ${damage.asset}${damage.partition === "" ? "" : ` --partition ${damage.partition}`}`;
}

/**
 * Thrown when a published version about to be read no longer matches what was published: it
 * names the asset, partition and file, what differs, and the way out.
 */
export class DamagedVersionError extends LakeformError {
  override name = "DamagedVersionError";
  readonly damage: readonly FileDamage[];

  constructor(damage: readonly [FileDamage, ...FileDamage[]]) {
    const first = damage[0];
    const more = damage.length > 1 ? ` (and ${damage.length - 1} more damaged file${damage.length === 2 ? "" : "s"})` : "";
    super(
      `Asset "${first.asset}": ${partitionLabel(first.partition)} (version ${first.version}) is damaged: ${describeDamage(first)}${more}; it was changed after it was published. ` +
        `Fix: run \`lakeform verify\` to list every damaged version, then \`${rebuildCommand(first)}\` to rebuild it.`,
    );
    this.damage = damage;
  }
}

/** Throws {@link DamagedVersionError} when a file of `versions` has another size than published (a stat per file). */
export async function assertSizesMatch(store: ObjectStore, versions: readonly PublishedVersion[]): Promise<void> {
  const [first, ...rest] = await damagedFiles(store, versions, "size");
  if (first !== undefined) throw new DamagedVersionError([first, ...rest]);
}
