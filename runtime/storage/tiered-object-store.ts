import { TIERS, type Tier } from "../core/declare/asset.ts";
import type { DataLocation } from "./data-location.ts";
import type { ListPage, ObjectStore } from "./object-store.ts";

/**
 * One object store per tier behind one `ObjectStore`: a key goes to the store of its first
 * segment (`raw/…`, `clean/…`, `curated/…`), as the platform keeps each tier in a bucket of its
 * own (lifecycle, encryption and grants per tier). Keys outside the tiers are refused.
 */
export class TieredObjectStore implements ObjectStore {
  readonly kind: ObjectStore["kind"];
  readonly #stores: Readonly<Record<Tier, ObjectStore>>;

  constructor(stores: Readonly<Record<Tier, ObjectStore>>) {
    this.#stores = stores;
    this.kind = stores.raw.kind;
  }

  #of(key: string): ObjectStore {
    const tier = key.split("/")[0] as Tier;
    if (!TIERS.includes(tier)) throw new Error(`"${key}" is not under a tier folder (raw/, clean/ or curated/), so it has no bucket. Fix: this is a bug in Lakeform; please report it.`);
    return this.#stores[tier];
  }

  locationOf(key: string): DataLocation {
    return this.#of(key).locationOf(key);
  }
  writePathOf(key: string): Promise<string> {
    return this.#of(key).writePathOf(key);
  }
  commit(key: string): Promise<{ readonly bytes: number; readonly sha256: string }> {
    return this.#of(key).commit(key);
  }
  sizeOf(key: string): Promise<number | undefined> {
    return this.#of(key).sizeOf(key);
  }
  digestOf(key: string): Promise<{ readonly bytes: number; readonly sha256: string } | undefined> {
    return this.#of(key).digestOf(key);
  }
  modifiedAt(key: string): Promise<Date | undefined> {
    return this.#of(key).modifiedAt(key);
  }
  list(prefix: string, page?: ListPage): Promise<string[]> {
    return this.#of(prefix).list(prefix, page);
  }
  async delete(keys: readonly string[]): Promise<void> {
    for (const tier of TIERS) {
      const mine = keys.filter((key) => key.split("/")[0] === tier);
      if (mine.length > 0) await this.#stores[tier].delete(mine);
    }
    const stray = keys.find((key) => !TIERS.includes(key.split("/")[0] as Tier));
    if (stray !== undefined) this.#of(stray);
  }
}
