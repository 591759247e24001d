/** Attributes a selection can filter on: `tag:pii`, `group:sales`, `owner:team:x`, `tier:curated`, `kind:source`, `key:raw/*`. */
export type SelectionAttribute = "tag" | "group" | "owner" | "tier" | "kind" | "key";
export const SELECTION_ATTRIBUTES: readonly SelectionAttribute[] = ["key", "tag", "group", "owner", "tier", "kind"];

/** A parsed selection expression. */
export type SelectionNode =
  | { readonly kind: "all" }
  | { readonly kind: "attribute"; readonly name: SelectionAttribute; readonly value: string; readonly position: number }
  | { readonly kind: "lineage"; readonly inner: SelectionNode; readonly up: number; readonly down: number }
  | { readonly kind: "and" | "or"; readonly left: SelectionNode; readonly right: SelectionNode }
  | { readonly kind: "not"; readonly inner: SelectionNode };
