import type { PolicyRule } from "../policy-rule.ts";

/** A clean or curated column disappears (removed, renamed, or now dropped as PII) without having been deprecated. */
export const COLUMN_REMOVED: PolicyRule = { id: "column-removed", description: "Against --baseline: a column of a clean or curated table is not removed or renamed unless the baseline marked it .deprecated(…)", defaultLevel: "mandatory" };
/** A clean or curated column's type changes to one that cannot hold every value it held. */
export const COLUMN_TYPE_NARROWED: PolicyRule = { id: "column-type-narrowed", description: "Against --baseline: a column of a clean or curated table keeps its type or widens it (int32 → int64, a larger decimal) unless the baseline marked it .deprecated(…)", defaultLevel: "mandatory" };
/** A non-nullable column is added to a table that already has published versions. */
export const COLUMN_ADDED_NOT_NULLABLE: PolicyRule = { id: "column-added-not-nullable", description: "Against --baseline: columns added to an existing clean or curated table are nullable (versions published before have no value)", defaultLevel: "advisory" };
/** The partitioning of a clean or curated table changes. */
export const PARTITIONING_CHANGED: PolicyRule = { id: "partitioning-changed", description: "Against --baseline: the partitioning of a clean or curated table is flagged when it changes", defaultLevel: "advisory" };
/** The primary key of a clean or curated table changes. */
export const PRIMARY_KEY_CHANGED: PolicyRule = { id: "primary-key-changed", description: "Against --baseline: the primary key of a clean or curated table is flagged when it changes", defaultLevel: "advisory" };
/** A whole clean or curated table disappears. */
export const ASSET_REMOVED: PolicyRule = { id: "asset-removed", description: "Against --baseline: a clean or curated asset is not removed unless the baseline marked every column .deprecated(…)", defaultLevel: "mandatory" };

/** Every schema-compatibility rule, in the order `lakeform policy list` documents them. */
export const COMPATIBILITY_RULES: readonly PolicyRule[] = Object.freeze([COLUMN_REMOVED, COLUMN_TYPE_NARROWED, COLUMN_ADDED_NOT_NULLABLE, PARTITIONING_CHANGED, PRIMARY_KEY_CHANGED, ASSET_REMOVED]);
