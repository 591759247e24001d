/**
 * A seeded pseudo-random source (mulberry32): the demo data is a pure function of its seed.
 * `fork(label)` derives an independent stream from the seed and a label, so each part of the
 * demo draws from its own stream and changing one part leaves the others' data unchanged.
 *
 * @example
 * const rng = new Random(7).fork("orders:2024-03-05");
 * const lines = rng.int(1, 5);
 */
export class Random {
  readonly seed: number;
  private state: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.state = this.seed;
  }

  /** An independent stream named `label`, derived from this stream's seed (not its position). */
  fork(label: string): Random {
    // FNV-1a over the seed and the label.
    let hash = 0x811c9dc5 ^ this.seed;
    for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
    return new Random(hash >>> 0);
  }

  /** A float in [0, 1). */
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Random.pick: no items to pick from");
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** One value of `[value, weight]` pairs, with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = this.float() * total;
    for (const [value, weight] of choices) {
      draw -= weight;
      if (draw < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (last === undefined) throw new Error("Random.weighted: no choices");
    return last[0];
  }

  /** `count` distinct items, each drawn with probability proportional to `weightOf`. */
  distinct<T>(items: readonly T[], count: number, weightOf: (item: T) => number): T[] {
    const left = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && left.length > 0) {
      const index = this.weighted(left.map((item, i) => [i, weightOf(item)] as const));
      chosen.push(left[index] as T);
      left.splice(index, 1);
    }
    return chosen;
  }

  /** `length` lowercase hexadecimal digits. */
  hex(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += Math.floor(this.float() * 16).toString(16);
    return out;
  }

  /** A random (version 4) UUID in lowercase. */
  uuid(): string {
    const variant = "89ab"[Math.floor(this.float() * 4)] ?? "8";
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}
