import type { Columns } from "./column.ts";
import type { PartitionMapping } from "./partition-mapping.ts";

/** The smallest view of an asset definition that a reference needs. */
export interface AnyAssetDefinition<C extends Columns = Columns> {
  readonly kind: "asset" | "source";
  readonly key: string;
  readonly columns: C;
}

/**
 * A reference from one asset to another: a dependency edge with its partition mapping.
 * `C` carries the referenced asset's columns, so relationships can be typed.
 */
export interface AssetRef<C extends Columns = Columns> {
  readonly kind: "ref";
  readonly key: string;
  readonly partitions?: PartitionMapping;
  /** Phantom: the referenced columns, in types only. */
  readonly __columns?: C;
}

/** Options of `ref()`. */
export interface RefOptions {
  /** Which partitions of the parent to read. @default overlapping windows / same key / all */
  readonly partitions?: PartitionMapping;
}

export function isAssetDefinition(value: unknown): value is AnyAssetDefinition {
  return typeof value === "object" && value !== null && "kind" in value && (value.kind === "asset" || value.kind === "source") && "key" in value;
}

/** @internal */
export function refTo<C extends Columns>(target: AnyAssetDefinition<C> | string, options: RefOptions = {}): AssetRef<C> {
  const key = typeof target === "string" ? target : target.key;
  return Object.freeze(options.partitions === undefined ? { kind: "ref", key } : { kind: "ref", key, partitions: options.partitions });
}

/**
 * A dependency on another asset, by definition (typed) or by key. In SQL it renders as the
 * engine's table name for the published version, restricted to the mapped partitions.
 *
 * @example sql`select * from ${ref(rawOrders, { partitions: timeWindow({ startOffset: -1 }) })}`
 */
export function ref<C extends Columns>(target: AnyAssetDefinition<C> | string, options: RefOptions = {}): AssetRef<C> {
  return refTo(target, options);
}
