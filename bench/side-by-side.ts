import type { Timing } from "./measure.ts";

/** The median of `samples` (0 when there are none). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Wall time, plus the CPU time of this process (every thread, so DuckDB's workers too): on a
 * shared machine CPU time moves less with the neighbours' load than wall time does.
 */
export interface SideBySideTiming extends Timing {
  readonly cpuMedianMs: number;
}

/**
 * Times asynchronous operations side by side, for ratios on a shared, noisy machine: one
 * warm-up round (unless `warmUp` is false: the caller has warmed up already, and `coldMs` is
 * then NaN), then `rounds` rounds in which each operation runs once, in an order that rotates
 * from round to round, so a noisy neighbour slows every operation alike.
 */
export async function measureSideBySide<K extends string>(
  operations: Readonly<Record<K, () => Promise<unknown>>>,
  options: { readonly rounds: number; readonly warmUp?: boolean },
): Promise<Record<K, SideBySideTiming>> {
  const names = Object.keys(operations) as K[];
  const wall = new Map<K, number[]>(names.map((name) => [name, []]));
  const cpu = new Map<K, number[]>(names.map((name) => [name, []]));
  const cold = new Map<K, number>();
  for (let round = options.warmUp === false ? 1 : 0; round <= options.rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length] as K;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await operations[name]();
      const elapsed = performance.now() - start;
      const used = process.cpuUsage(cpuStart);
      if (round === 0) {
        cold.set(name, elapsed);
      } else {
        wall.get(name)?.push(elapsed);
        cpu.get(name)?.push((used.user + used.system) / 1000);
      }
    }
  }
  const timings = {} as Record<K, SideBySideTiming>;
  for (const name of names) {
    const taken = wall.get(name) ?? [];
    timings[name] = { coldMs: cold.get(name) ?? Number.NaN, medianMs: median(taken), minMs: Math.min(...taken), samplesMs: taken, cpuMedianMs: median(cpu.get(name) ?? []) };
  }
  return timings;
}
