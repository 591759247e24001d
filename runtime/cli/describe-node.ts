import type { AssetNode } from "../core/graph/asset-node.ts";

/** `daily since 2024-01-01 (UTC)`, `static: eu, us`, or `-`. */
export function describePartitions(node: AssetNode): string {
  const p = node.partitions;
  if (p === undefined) return "-";
  return p.kind === "static" ? `static: ${p.keys.join(", ")}` : `${p.granularity} since ${p.start}${p.timezone === "UTC" ? "" : ` (${p.timezone})`}`;
}

/** `cron 0 6 * * * UTC`, `eager`, `on demand`. */
export function describeSchedule(node: AssetNode): string {
  const s = node.schedule;
  return s.kind === "cron" ? `cron ${s.cron}${s.timezone === "UTC" ? "" : ` ${s.timezone}`}` : s.kind === "eager" ? "eager" : "on demand";
}

/** `lag ≤ 6h (warn 2h)`, `by 0 9 * * * within 3h`, or `-`. */
export function describeFreshness(node: AssetNode): string {
  const f = node.freshness;
  if (f === undefined) return "-";
  return f.kind === "maxLag" ? `lag ≤ ${f.failAfter}${f.warnAfter === undefined ? "" : ` (warn ${f.warnAfter})`}` : `by ${f.cron} within ${f.window}${f.timezone === "UTC" ? "" : ` ${f.timezone}`}`;
}

/** A plain-data summary of a node for `--json` output. */
export function nodeSummary(node: AssetNode) {
  return {
    key: node.key,
    kind: node.kind,
    tier: node.tier,
    group: node.group ?? null,
    description: node.description ?? null,
    owners: node.owners,
    tags: node.tags,
    engine: node.engine,
    level: node.level,
    fingerprint: node.fingerprint,
    columns: Object.entries(node.columns).map(([name, c]) => ({
      name,
      type: c.type.kind === "decimal" ? `decimal(${c.type.precision},${c.type.scale})` : c.type.kind,
      nullable: c.nullable,
      primaryKey: c.primaryKey,
      ...(c.pii === undefined ? {} : { pii: c.pii }),
    })),
    dependencies: node.dependencies,
    partitions: node.partitions ?? null,
    schedule: node.schedule,
    freshness: node.freshness ?? null,
    checks: node.checks.map((c) => ({ name: c.name, kind: c.kind, severity: c.severity, blocking: c.blocking })),
    retentionDays: node.retentionDays ?? null,
  };
}
