import { DIRT_KINDS, type DirtKind } from "./dirt-kinds.ts";

/** Counts the dirt injected while generating, per kind, for the landing summary. */
export class DirtLedger {
  private readonly counts = new Map<DirtKind, number>(Object.keys(DIRT_KINDS).map((kind) => [kind as DirtKind, 0]));

  /** Records `count` more of `kind`. */
  add(kind: DirtKind, count = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + count);
  }

  /** The counts of every kind (zero when none was injected), in declaration order. */
  toRecord(): Readonly<Record<DirtKind, number>> {
    return Object.freeze(Object.fromEntries(this.counts) as Record<DirtKind, number>);
  }
}
