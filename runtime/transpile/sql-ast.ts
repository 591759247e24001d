/** A node of polyglot's AST, as plain JSON: `{ "<kind>": { …fields } }`. */
type Json = unknown;

/** A node met while walking: its kind (the function's name for generic calls) and its fields. */
export interface AstNode {
  readonly kind: string;
  readonly fields: Readonly<Record<string, Json>>;
}

function isRecord(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Every node of a polyglot AST, depth first. A generic call (`{ function: { name } }`,
 * `{ aggregate_function: { name } }`) has its lower-cased name as kind; other nodes their key
 * (`count`, `logical_or`, `select`, …).
 */
export function* astNodes(ast: Json): Generator<AstNode> {
  if (Array.isArray(ast)) {
    for (const item of ast) yield* astNodes(item);
    return;
  }
  if (!isRecord(ast)) return;
  const keys = Object.keys(ast);
  const [only] = keys;
  if (keys.length === 1 && only !== undefined && isRecord(ast[only])) {
    const fields = ast[only] as Record<string, Json>;
    const name = (only === "function" || only === "aggregate_function") && typeof fields.name === "string" ? fields.name.toLowerCase() : only;
    yield { kind: name, fields };
  }
  for (const value of Object.values(ast)) yield* astNodes(value);
}
