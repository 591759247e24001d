import type { ScheduleSpec } from "lakeform";
import type { ComputePlan, TableColumn, TablePartitioning } from "./platform-plan.ts";

/** Plan values as people read them, shared by `plan` and `plan --diff` so both say the same. */

/** `daily by dt (UTC)`, `static keys by key`, or `none`. */
export function describePartitioning(partitioning: TablePartitioning | undefined): string {
  if (partitioning === undefined) return "none";
  if (partitioning.kind === "static") return `static keys by ${partitioning.column}`;
  return `${partitioning.granularity ?? "time"} by ${partitioning.column}${partitioning.timezone === undefined ? "" : ` (${partitioning.timezone})`}`;
}

/** `cron "0 6 * * *" (UTC)`, `eager`, `on demand`. */
export function describeSchedule(schedule: ScheduleSpec): string {
  switch (schedule.kind) {
    case "cron":
      return `cron "${schedule.cron}" (${schedule.timezone})`;
    case "eager":
      return "eager";
    case "onDemand":
      return "on demand";
  }
}

/** `max 10 GiB billed, max 30 min`, or `none`. */
export function describeCostGuard(guard: ComputePlan["costGuard"]): string {
  if (guard === undefined) return "none";
  const parts: string[] = [];
  if (guard.maxBytesBilled !== undefined) parts.push(`max ${describeBytes(guard.maxBytesBilled)} billed`);
  if (guard.maxRuntimeMinutes !== undefined) parts.push(`max ${guard.maxRuntimeMinutes} min`);
  return parts.length === 0 ? "none" : parts.join(", ");
}

/** Bytes in binary units with at most one decimal: `1.5 GiB`. */
export function describeBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Math.round(value * 10) / 10} ${units[unit]}`;
}

/** `30 days`, or `none`. */
export function describeDays(days: number | undefined): string {
  return days === undefined ? "none" : `${days} day${days === 1 ? "" : "s"}`;
}

/** A column's personal data: `email, hash`; undefined when it holds none. */
export function describePii(column: TableColumn): string | undefined {
  return column.pii === undefined ? undefined : `${column.pii.kind}, ${column.pii.treatment}`;
}

/** A cluster as one phrase: `2 × m7g.xlarge spot + primary (emr-7.5.0)`. */
export function describeCluster(cluster: ComputePlan["cluster"]): string {
  if (cluster === undefined) return "none";
  return `${cluster.coreNodes} × ${cluster.instanceTypes[0] ?? "?"} ${cluster.spot ? "spot" : "on demand"} + primary (${cluster.releaseLabel})`;
}
