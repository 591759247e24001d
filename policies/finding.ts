/** How strongly a rule is enforced: `mandatory` fails the gate, `advisory` is reported, `disabled` is not run. */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled";

/**
 * One thing a governance rule found: which rule, how strongly it is enforced, what is wrong and
 * the fix, and where — a declaration (`file:line` of the asset) or a resource (its type and name).
 * Asset rules and resource rules produce the same findings, so every output format prints both.
 */
export interface Finding {
  /** The rule's id, e.g. `asset-has-owner`, `bucket-encrypted`. */
  readonly rule: string;
  readonly level: Exclude<EnforcementLevel, "disabled">;
  /** What is wrong, without a trailing full stop. */
  readonly message: string;
  /** What to do about it, without a trailing full stop. */
  readonly fix: string;
  /** The asset it is about, when it is about one. */
  readonly asset?: string;
  /** `file:line` of the declaration, relative to the project, when known. */
  readonly at?: string;
  /** The resource it is about (resource rules): its Pulumi type and name. */
  readonly resource?: { readonly type: string; readonly name: string };
  /** Set when a waiver in the declaration silences it: the reason given. The finding is reported, not enforced. */
  readonly waived?: string;
}
