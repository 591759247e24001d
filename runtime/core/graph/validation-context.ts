import type { AssetDefinition } from "../declare/asset.ts";
import type { Problem } from "../problem.ts";

/** What every validation rule sees: all declarations, and the first one of each key. */
export interface ValidationContext {
  readonly definitions: readonly AssetDefinition[];
  readonly byKey: ReadonlyMap<string, AssetDefinition>;
  /** Keys in topological order, parents first; keys on or below a cycle are missing. */
  readonly order: readonly string[];
  /** Accept assets without owners (see {@link BuildOptions}). */
  readonly ownersOptional?: boolean;
}

/** How {@link buildAssetGraph} validates. */
export interface BuildOptions {
  /**
   * Accept assets that declare no owner. For the governance gate only (`lakeform policy check`),
   * which reports a missing owner as a finding of its `asset-has-owner` rule next to every other
   * finding, instead of stopping at the first invalid declaration. @default false
   */
  readonly ownersOptional?: boolean;
}

/** A validation rule: reports problems, never throws. */
export type ValidationRule = (context: ValidationContext) => Problem[];

/** A problem about `definition`, located at its declaration. */
export function problemAt(definition: AssetDefinition, message: string, fix: string): Problem {
  const at = definition.site.location;
  return at === undefined ? { asset: String(definition.key), message, fix } : { asset: String(definition.key), message, fix, at };
}
