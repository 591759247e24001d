import { logFiles } from "./log-partitions.ts";
import { linesOf, matchesFilter, type RunLogFilter } from "./read-run-logs.ts";
import type { RunLogLine } from "./run-log-line.ts";

/** How `followRunLogs` waits and when it stops. */
export interface FollowOptions {
  /** Waits between looks at the files (`setTimeout` in the CLI; a test passes its own). */
  readonly sleep: () => Promise<void>;
  /** Asked after each look: true stops following (the CLI stops on Ctrl-C). */
  readonly stop: () => boolean;
}

/**
 * Prints the lines that pass `filter` as they are written, like `tail -f` over every run's log
 * file (new files and new date partitions included): the lines already there first, then new
 * ones after each `sleep`, until `stop()` says so.
 */
export async function followRunLogs(logsDir: string, filter: RunLogFilter, print: (line: RunLogLine) => void, options: FollowOptions): Promise<void> {
  const offsets = new Map<string, number>();
  for (;;) {
    const fresh: RunLogLine[] = [];
    for (const file of logFiles(logsDir, "runs", filter.since)) {
      const { lines, next } = linesOf(file, offsets.get(file) ?? 0);
      offsets.set(file, next);
      fresh.push(...lines.filter((line) => matchesFilter(line, filter)));
    }
    for (const line of fresh.sort((a, b) => a.time.localeCompare(b.time))) print(line);
    if (options.stop()) return;
    await options.sleep();
  }
}
