/**
 * The statements of a `spark-sql -f` script, in the forms Lakeform's step generator emits
 * (`sparkStep`); anything else is `unsupported`, and the fake cluster fails the step on it.
 */
export type SparkStatement =
  | { readonly kind: "set"; readonly key: string; readonly value: string }
  | { readonly kind: "view"; readonly name: string; readonly select: string }
  | { readonly kind: "cache"; readonly name: string; readonly select: string }
  | { readonly kind: "uncache"; readonly name: string }
  | { readonly kind: "insertDirectory"; readonly uri: string; readonly format: "parquet" | "json"; readonly options: Readonly<Record<string, string>>; readonly select: string }
  | { readonly kind: "unsupported"; readonly text: string };

/** The script cut at `;` outside string literals, quoted identifiers and `--` comments; comment-only pieces dropped. */
export function splitSparkScript(script: string): string[] {
  const statements: string[] = [];
  let current = "";
  let i = 0;
  while (i < script.length) {
    const c = script[i] as string;
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < script.length && script[j] !== c) j += script[j] === "\\" && c !== "`" ? 2 : 1;
      current += script.slice(i, j + 1);
      i = j + 1;
    } else if (c === "-" && script[i + 1] === "-") {
      const end = script.indexOf("\n", i);
      i = end < 0 ? script.length : end;
    } else if (c === ";") {
      statements.push(current);
      current = "";
      i++;
    } else {
      current += c;
      i++;
    }
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => s !== "");
}

/** An identifier as written (`` `lf_x` `` or `lf_x`), unquoted. */
const unquote = (name: string) => (name.startsWith("`") ? name.slice(1, -1).replace(/``/g, "`") : name);

function optionsOf(text: string | undefined): Record<string, string> {
  const options: Record<string, string> = {};
  for (const match of (text ?? "").matchAll(/([\w.]+)\s+'([^']*)'/g)) options[match[1] as string] = match[2] as string;
  return options;
}

/** One statement, classified. */
export function parseSparkStatement(text: string): SparkStatement {
  const set = /^SET\s+([\w.]+)\s*=\s*(.*)$/is.exec(text);
  if (set !== null) return { kind: "set", key: set[1] as string, value: (set[2] as string).trim() };
  const view = /^CREATE\s+OR\s+REPLACE\s+TEMPORARY\s+VIEW\s+(`[^`]+`|\w+)\s+AS\s+(.*)$/is.exec(text);
  if (view !== null) return { kind: "view", name: unquote(view[1] as string), select: view[2] as string };
  const cache = /^CACHE\s+TABLE\s+(`[^`]+`|\w+)\s+AS\s+(.*)$/is.exec(text);
  if (cache !== null) return { kind: "cache", name: unquote(cache[1] as string), select: cache[2] as string };
  const uncache = /^UNCACHE\s+TABLE\s+(?:IF\s+EXISTS\s+)?(`[^`]+`|\w+)$/is.exec(text);
  if (uncache !== null) return { kind: "uncache", name: unquote(uncache[1] as string) };
  const insert = /^INSERT\s+OVERWRITE\s+DIRECTORY\s+'((?:[^'\\]|\\.)*)'\s+USING\s+(parquet|json)(?:\s+OPTIONS\s*\(([^)]*)\))?\s+(.*)$/is.exec(text);
  if (insert !== null) return { kind: "insertDirectory", uri: (insert[1] as string).replace(/\\(.)/g, "$1"), format: (insert[2] as string).toLowerCase() as "parquet" | "json", options: optionsOf(insert[3]), select: insert[4] as string };
  return { kind: "unsupported", text };
}
