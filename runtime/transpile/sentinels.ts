/**
 * Identifiers that stand in for bound parameters, refs and `${self}` while SQL is transpiled:
 * polyglot keeps an unquoted identifier as it is, whereas it rewrites positional markers
 * (`$1` becomes a bare `@` for BigQuery) and cannot read other dialects' quoted names.
 */
export const Sentinel = Object.freeze({
  param: (index: number) => `__lf_param_${index}__`,
  ref: (index: number) => `__lf_ref_${index}__`,
  self: "__lf_self__",
});

/** One sentinel found in transpiled text. */
export type SentinelToken = { readonly kind: "param" | "ref"; readonly index: number } | { readonly kind: "self" };

const PATTERN = /([`"]?)__lf_(?:param_(\d+)|ref_(\d+)|self)__\1/gi;

/**
 * Replaces every sentinel of `text` (quoted or not) with `replacement(token)`, and lists the
 * sentinels `expected` that did not appear — a transpilation that dropped a parameter or a ref.
 */
export function replaceSentinels(text: string, replacement: (token: SentinelToken) => string, expected: readonly string[] = []): { readonly text: string; readonly missing: readonly string[] } {
  const seen = new Set<string>();
  const replaced = text.replace(PATTERN, (_match, _quote: string, param: string | undefined, ref: string | undefined) => {
    const token: SentinelToken = param !== undefined ? { kind: "param", index: Number(param) } : ref !== undefined ? { kind: "ref", index: Number(ref) } : { kind: "self" };
    seen.add(token.kind === "self" ? Sentinel.self : Sentinel[token.kind](token.index));
    return replacement(token);
  });
  return { text: replaced, missing: expected.filter((s) => !seen.has(s)) };
}
