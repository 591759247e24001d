import { rmSync } from "node:fs";
import { logPartitions, type LogStream } from "./log-partitions.ts";

const STREAMS: readonly LogStream[] = ["runs", "openlineage"];

/**
 * Deletes the date partitions of the logs tier (run logs and OpenLineage events) whose whole day
 * ended before `before` (`lakeform gc` passes now − `LAKEFORM_HISTORY_RETENTION`); returns the
 * folders it deleted.
 */
export function pruneLogPartitions(logsDir: string, before: Date): string[] {
  const deleted: string[] = [];
  for (const stream of STREAMS) {
    for (const partition of logPartitions(logsDir, stream)) {
      if (partition.day.getTime() + 86_400_000 > before.getTime()) continue;
      rmSync(partition.dir, { recursive: true, force: true });
      deleted.push(partition.dir);
    }
  }
  return deleted;
}
