import { createHash } from "node:crypto";
import { assertNever } from "../assert-never.ts";
import type { AssetDefinition } from "../declare/asset.ts";
import type { ComputeSpec } from "../declare/compute.ts";
import type { SqlTemplate } from "../declare/sql-template.ts";
import type { Dependency } from "./asset-node.ts";
import { canonicalJson } from "./canonical-json.ts";

const SEP = "\u0001";

/** Collects the text that is hashed, so the hash is fed once (many small updates are slow). */
type Material = string[];

function hashTemplate(hash: Material, template: SqlTemplate): void {
  hash.push(`sql${SEP}${template.strings.length}${SEP}`);
  template.strings.forEach((text, i) => {
    hash.push(text);
    hash.push(SEP);
    const part = template.parts[i];
    if (part === undefined) return;
    switch (part.kind) {
      case "ref":
        hash.push(`ref:${part.key}:${part.partitions === undefined ? "" : canonicalJson(part.partitions)}`);
        break;
      case "param":
        hash.push(`param:${typeof part.value}:${part.value instanceof Date ? part.value.toISOString() : String(part.value)}`);
        break;
      case "macro":
        hash.push(`macro:${part.name}`);
        break;
      case "sql":
        hashTemplate(hash, part);
        break;
    }
    hash.push(SEP);
  });
  // A per-engine override changes what that engine computes: the data it publishes is stale too.
  for (const [dialect, override] of Object.entries(template.overrides ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.push(`override:${dialect}${SEP}`);
    hashTemplate(hash, override);
  }
}

function hashCompute(hash: Material, compute: ComputeSpec): void {
  switch (compute.kind) {
    case "sql":
      return hashTemplate(hash, compute);
    case "fn":
      hash.push(`fn${SEP}${compute.code}${SEP}${canonicalJson(compute.inputs)}`);
      return;
    case "spark":
    case "ingest":
      hash.push(canonicalJson(compute));
      return;
    default:
      return assertNever(compute);
  }
}

/**
 * A content hash of what determines an asset's data — kind, columns, compute, partitions,
 * dependencies with their mappings, engine — and of its parents' fingerprints (SQLMesh's
 * data hash). Descriptions, owners, tags, checks, schedules and freshness do not change the
 * data, so they do not change the fingerprint. 16 hex characters.
 */
export function fingerprintOf(
  definition: AssetDefinition,
  engine: string,
  dependencies: readonly Dependency[],
  parentFingerprint: (key: string) => string,
): string {
  const hash: Material = [];
  hash.push(`${definition.kind}${SEP}${engine}${SEP}`);
  for (const name of Object.keys(definition.columns).sort()) {
    const spec = definition.columns[name]?.spec;
    if (spec === undefined) continue;
    const type = spec.type.kind === "decimal" ? `decimal(${spec.type.precision},${spec.type.scale})` : spec.type.kind;
    hash.push(`${name}:${type}:${spec.nullable ? 1 : 0}:${spec.primaryKey ? 1 : 0}:${spec.pii === undefined ? "" : `${spec.pii.kind}/${spec.pii.treatment}`}${SEP}`);
  }
  hashCompute(hash, definition.compute);
  hash.push(`${SEP}${definition.partitions === undefined ? "" : canonicalJson(definition.partitions)}${SEP}`);
  for (const d of dependencies) {
    const mapping = d.partitions;
    hash.push(`${d.key}:${d.via}:${mapping.kind}:${mapping.kind === "timeWindow" ? `${mapping.startOffset},${mapping.endOffset}` : ""}:${parentFingerprint(d.key)}${SEP}`);
  }
  return createHash("sha256").update(hash.join("")).digest("hex").slice(0, 16);
}
