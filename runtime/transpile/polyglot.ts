/** The `@polyglot-sql/sdk` module: a Rust/WASM SQL transpiler. */
export type Polyglot = typeof import("@polyglot-sql/sdk");

let loading: Promise<Polyglot> | undefined;

/**
 * Loads polyglot once, on first use (about 0.5 s for its 24 MB WASM build), so that commands
 * which never transpile do not pay for it. It declares Node ≥ 22; its transpile and parse work
 * on Node 20.
 */
export function loadPolyglot(): Promise<Polyglot> {
  return (loading ??= import("@polyglot-sql/sdk"));
}
