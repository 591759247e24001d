import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Timings of one measured operation, in milliseconds. */
export interface Timing {
  /** The first (warm-up) call: includes JIT compilation and first-use caches. */
  readonly coldMs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly samplesMs: readonly number[];
}

/** The result of the last call and how long the calls took. */
export interface Measured<T> {
  readonly result: T;
  readonly timing: Timing;
}

/** The highest `heapUsed` seen right after any measured call, before the next collection. */
let peakHeapUsed = 0;

function noteHeap(): void {
  peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
}

/**
 * Calls `operation` once to warm up, then `repeats` more times, and reports the cold time and
 * the median and minimum of the repeats. Heap use is sampled after every call.
 */
export function measure<T>(operation: () => T, repeats = 5): Measured<T> {
  return measureEach(() => undefined, operation, repeats);
}

/**
 * As `measure`, but each call gets a fresh input from `prepare`, which is not timed — for
 * operations whose input must not be reused (caches keyed by the input would flatter them).
 */
export function measureEach<I, T>(prepare: () => I, operation: (input: I) => T, repeats = 5): Measured<T> {
  const time = (): [T, number] => {
    const input = prepare();
    const start = performance.now();
    const value = operation(input);
    const elapsed = performance.now() - start;
    noteHeap();
    return [value, elapsed];
  };
  let [result, coldMs] = time();
  const samplesMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const [value, elapsed] = time();
    result = value;
    samplesMs.push(elapsed);
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { result, timing: { coldMs, medianMs, minMs: sorted[0] ?? 0, samplesMs } };
}

/** Heap and process memory, in MiB: the peak `heapUsed` sampled so far and the peak resident set. */
export function memoryFigures(): { readonly peakHeapUsedMiB: number; readonly peakRssMiB: number } {
  noteHeap();
  return { peakHeapUsedMiB: peakHeapUsed / 2 ** 20, peakRssMiB: process.resourceUsage().maxRSS / 2 ** 10 };
}

let gc: (() => void) | undefined;

/** Runs a full garbage collection (exposing `gc` on first use) and returns `heapUsed` in MiB. */
export function heapUsedAfterGcMiB(): number {
  if (gc === undefined) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
