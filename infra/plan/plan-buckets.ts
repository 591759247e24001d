import type { AssetGraph, Tier } from "lakeform";
import type { Environment, LifecycleRule } from "./environment.ts";
import { bucketName } from "./naming.ts";
import { BUCKET_ROLES, type BucketPlan, type BucketRole, type PrefixExpiration, type StorageTransition, type TablePlan } from "./platform-plan.ts";

/** Buckets whose objects are the platform's data (protected in protected stacks). */
const DATA_BUCKETS: ReadonlySet<BucketRole> = new Set(["landing", "raw", "clean", "curated", "logs"]);
const NONCURRENT_VERSION_DAYS = 7;
const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

function transitionsOf(rule: LifecycleRule): StorageTransition[] {
  const steps: StorageTransition[] = [];
  if (rule.infrequentAfterDays !== undefined) steps.push({ afterDays: rule.infrequentAfterDays, storageClass: "infrequent" });
  if (rule.archiveInstantAfterDays !== undefined) steps.push({ afterDays: rule.archiveInstantAfterDays, storageClass: "archive-instant" });
  if (rule.archiveAfterDays !== undefined) steps.push({ afterDays: rule.archiveAfterDays, storageClass: "archive" });
  return steps.filter((step) => rule.expireAfterDays === undefined || step.afterDays < rule.expireAfterDays).map((step) => Object.freeze(step));
}

/**
 * The landing folder a file-drop pattern reads: everything before its first wildcard, cut to a
 * whole folder (`customers/*.csv` → `customers/`; `*.csv` → the whole bucket, "").
 */
export function landingPrefix(pattern: string): string {
  const wildcard = pattern.search(/[*?[{]/);
  const literal = wildcard < 0 ? pattern : pattern.slice(0, wildcard);
  return literal.slice(0, literal.lastIndexOf("/") + 1);
}

function expirationsOf(role: BucketRole, graph: AssetGraph, tables: readonly TablePlan[]): PrefixExpiration[] {
  if (role === "landing") {
    // Landed files hold clear-text PII until they are loaded: they go with their source's retention.
    return graph
      .nodes()
      .flatMap((node) => (node.compute.kind === "ingest" && node.compute.from.kind === "fileDrop" && node.retentionDays !== undefined && landingPrefix(node.compute.from.pattern) !== "" ? [{ prefix: landingPrefix(node.compute.from.pattern), afterDays: node.retentionDays, asset: node.key }] : []));
  }
  return tables.filter((table) => table.tier === role && table.retentionDays !== undefined).map((table) => ({ prefix: table.location.prefix, afterDays: table.retentionDays as number, asset: table.asset }));
}

/** One bucket per tier plus landing, logs and artifacts, with each one's lifecycle. */
export function planBuckets(graph: AssetGraph, tables: readonly TablePlan[], environment: Environment): BucketPlan[] {
  return BUCKET_ROLES.map((role) => {
    const rule = environment.lifecycle[role as Tier | "landing" | "logs" | "artifacts"];
    // An asset kept longer than its bucket keeps anything needs no rule of its own.
    const expirations = expirationsOf(role, graph, tables)
      .filter((expiration) => rule.expireAfterDays === undefined || expiration.afterDays < rule.expireAfterDays)
      .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0))
      .map((expiration) => Object.freeze(expiration));
    return Object.freeze({
      role,
      name: bucketName(environment, role),
      transitions: Object.freeze(transitionsOf(rule)),
      expirations: Object.freeze(expirations),
      ...(rule.expireAfterDays === undefined ? {} : { expireAfterDays: rule.expireAfterDays }),
      noncurrentVersionDays: NONCURRENT_VERSION_DAYS,
      abortIncompleteUploadDays: ABORT_INCOMPLETE_UPLOAD_DAYS,
      protected: environment.protectData && DATA_BUCKETS.has(role),
    });
  });
}
