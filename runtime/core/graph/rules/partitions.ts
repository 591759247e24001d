import type { AssetDefinition } from "../../declare/asset.ts";
import type { PartitionsSpec } from "../../declare/partitions.ts";
import type { Problem } from "../../problem.ts";
import { declaredDependencies } from "../declared-dependencies.ts";
import { mappingMisfit } from "../partition-fit.ts";
import { isTimeZone } from "../time-zone.ts";
import { problemAt, type ValidationContext } from "../validation-context.ts";

const START_FORMATS: Readonly<Record<string, RegExp>> = {
  hourly: /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}))?$/,
  daily: /^(\d{4})-(\d{2})-(\d{2})$/,
  monthly: /^(\d{4})-(\d{2})(?:-(01))?$/,
};
const STATIC_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

function isCalendarDate(year: number, month: number, day: number, hour: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day, hour));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24;
}

function partitionsProblem(partitions: PartitionsSpec): [string, string] | undefined {
  if (partitions.kind === "static") {
    if (partitions.keys.length === 0) return ["static partitions list no key", 'list the keys, e.g. staticPartitions(["eu", "us"])'];
    const bad = partitions.keys.find((k) => !STATIC_KEY.test(k));
    if (bad !== undefined) return [`static partition key "${bad}" is not safe in paths and SQL`, "use letters, digits, _ and -"];
    const dup = partitions.keys.find((k, i) => partitions.keys.indexOf(k) !== i);
    return dup === undefined ? undefined : [`static partition key "${dup}" is listed twice`, "list each key once"];
  }
  const format = START_FORMATS[partitions.granularity];
  if (format === undefined) return [`partition granularity "${String(partitions.granularity)}" is unknown`, "use hourly(), daily() or monthly()"];
  const match = format.exec(partitions.start);
  const valid = match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3] ?? 1), Number(match[4] ?? 0));
  if (!valid) {
    const example = partitions.granularity === "monthly" ? "2024-01" : "2024-01-01";
    return [`${partitions.granularity} partitions start at "${partitions.start}", which is not a valid start`, `write it like "${example}"`];
  }
  return isTimeZone(partitions.timezone) ? undefined : [`time zone "${partitions.timezone}" is unknown`, 'use an IANA name such as "UTC" or "Europe/Paris"'];
}

function columnProblem(definition: AssetDefinition, partitions: PartitionsSpec): [string, string] | undefined {
  if (partitions.kind !== "time" || partitions.column === undefined) return undefined;
  // A source's rows land in their window by it; an SQL asset's backfill splits one range job's rows by it.
  const source = definition.kind === "source";
  if (!source && definition.compute.kind !== "sql") return [`partition column "${partitions.column}" is only for sources and SQL assets`, "remove column: a function's rows are computed partition by partition"];
  const type = definition.columns[partitions.column]?.spec.type.kind;
  if (type === undefined) return [`partition column "${partitions.column}" is not declared`, source ? "declare it, or partition by landing time by leaving out column" : "declare it among the columns, or leave out column (a backfill then runs partition by partition)"];
  return type === "date" || type === "timestamp" ? undefined : [`partition column "${partitions.column}" is ${type}`, "partition by a date or timestamp column"];
}

/** Partition definitions are valid, and every dependency's partition mapping fits. */
export function validatePartitions({ definitions, byKey }: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const definition of definitions) {
    const own = definition.partitions;
    const problem = own === undefined ? undefined : partitionsProblem(own) ?? columnProblem(definition, own);
    if (problem !== undefined) problems.push(problemAt(definition, ...problem));
    for (const dependency of declaredDependencies(definition)) {
      const parent: AssetDefinition | undefined = byKey.get(dependency.key);
      if (parent === undefined || parent === definition) continue;
      const misfit = mappingMisfit(own, parent.partitions, dependency.partitions);
      if (misfit !== undefined) problems.push(problemAt(definition, `dependency "${dependency.key}": ${misfit[0]}`, misfit[1]));
    }
  }
  return problems;
}
