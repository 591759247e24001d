/** Figures a benchmark reports: flat, JSON-serialisable, with units in the names (`build_median_ms`). */
export type BenchmarkFigures = Readonly<Record<string, number | string>>;

/**
 * One benchmark of `npm run bench`. Add a benchmark by writing a module that exports one of
 * these and listing it in `bench/index.ts`. `run` prints its own table and returns its figures,
 * which the entry point writes to `bench/results/latest.json`.
 */
export interface Benchmark {
  /** Kebab-case, unique; `npm run bench -- <text>` runs the benchmarks whose name contains it. */
  readonly name: string;
  /** One line: what is measured, on what data. */
  readonly description: string;
  run(): Promise<BenchmarkFigures>;
}
