import type { CheckResultRecord } from "../state/records.ts";
import { lineChartSvg } from "./svg-chart.ts";

/** One check of an asset over its recent materialisations: statuses, and its metric charted. */
export interface CheckHistory {
  readonly check: string;
  /** Oldest first. */
  readonly statuses: readonly { readonly at: string; readonly partition: string; readonly status: string }[];
  /** The metric charted (`failing` when the check reports it, else its first numeric metric), or null. */
  readonly metric: string | null;
  readonly chart: string;
}

/** The metric of a check to chart: `failing` when it reports one, else its first numeric metric. */
function metricOf(results: readonly CheckResultRecord[]): string | undefined {
  const names = results.flatMap((r) => Object.entries(r.metrics).filter(([, v]) => typeof v === "number").map(([k]) => k));
  return names.includes("failing") ? "failing" : names[0];
}

/**
 * Each check's history from the results of several materialisations (any order; grouped by
 * check, oldest first), with an SVG chart of its metric. Pure.
 */
export function checkHistories(results: readonly CheckResultRecord[]): CheckHistory[] {
  const byCheck = new Map<string, CheckResultRecord[]>();
  for (const r of [...results].sort((a, b) => a.evaluatedAt.getTime() - b.evaluatedAt.getTime() || a.materialisationId - b.materialisationId)) {
    byCheck.set(r.check, [...(byCheck.get(r.check) ?? []), r]);
  }
  return [...byCheck.entries()].map(([check, rows]) => {
    const metric = metricOf(rows);
    const points = metric === undefined ? [] : rows.flatMap((r) => {
      const value = r.metrics[metric];
      return typeof value === "number" ? [{ label: `${r.partition || r.evaluatedAt.toISOString()} ${metric}`, value }] : [];
    });
    return {
      check,
      statuses: rows.map((r) => ({ at: r.evaluatedAt.toISOString(), partition: r.partition, status: r.status })),
      metric: metric ?? null,
      chart: lineChartSvg(`${check}: ${metric ?? "no metric"} over time`, points),
    };
  });
}
