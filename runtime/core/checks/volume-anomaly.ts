import { formatCount } from "./format-count.ts";

/** The outcome of a volume-anomaly check before severity is applied. */
export interface VolumeVerdict {
  readonly anomalous: boolean;
  readonly message: string;
  readonly metrics: Readonly<Record<string, number | null>>;
}

/**
 * Whether `rows` is within `stddevs` sample standard deviations of the mean of `history`
 * (newest first, at most `lookback` used). With fewer than `minHistory` points there is no
 * verdict yet: it passes and says so. A constant history flags any change.
 */
export function volumeVerdict(rows: number, history: readonly number[], settings: { readonly stddevs: number; readonly lookback: number; readonly minHistory: number }, scope: string): VolumeVerdict {
  const sample = history.slice(0, settings.lookback);
  if (sample.length < settings.minHistory) {
    return { anomalous: false, message: `${formatCount(rows)} rows; not enough history yet (${sample.length} of ${settings.minHistory} ${scope})`, metrics: { rows, history: sample.length, mean: null, stddev: null } };
  }
  const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
  const stddev = Math.sqrt(sample.reduce((a, b) => a + (b - mean) ** 2, 0) / (sample.length - 1));
  const deviation = Math.abs(rows - mean);
  const anomalous = stddev === 0 ? deviation > 0 : deviation > settings.stddevs * stddev;
  const sigmas = stddev === 0 ? (deviation === 0 ? 0 : Infinity) : deviation / stddev;
  const shown = Number.isFinite(sigmas) ? sigmas.toFixed(1) : "∞";
  return {
    anomalous,
    message: `${formatCount(rows)} rows, ${shown} stddev from the mean of the last ${sample.length} ${scope} (${formatCount(Math.round(mean))} ± ${formatCount(Math.round(stddev))}; limit ${settings.stddevs})`,
    metrics: { rows, history: sample.length, mean, stddev, sigmas: Number.isFinite(sigmas) ? sigmas : null },
  };
}
