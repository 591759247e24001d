import { SelectionError } from "../errors.ts";
import { SELECTION_ATTRIBUTES, type SelectionAttribute, type SelectionNode } from "./selection-ast.ts";

interface Token {
  readonly text: string;
  readonly position: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[(),]|[^\s(),]+/g)) tokens.push({ text: match[0], position: match.index ?? 0 });
  return tokens;
}

const depthOf = (digits: string): number => (digits === "" ? Infinity : Number(digits));
const KEYWORDS = new Set(["and", "or", "not"]);

/**
 * Parses a selection such as `+curated/daily_revenue or (tag:pii and not tier:raw)`.
 * Precedence: `not` > `and` > `or` (a comma or plain juxtaposition also means `or`).
 * @throws SelectionError naming the position and the fix.
 */
export function parseSelection(text: string): SelectionNode {
  const tokens = tokenize(text);
  let index = 0;
  const fail = (message: string, position: number): never => {
    throw new SelectionError(`Selection "${text}": ${message} at position ${position + 1}. Fix: see \`lakeform help select\` for the syntax.`);
  };
  const peek = (): Token | undefined => tokens[index];
  const isKeyword = (token: Token | undefined, word: string): boolean => token?.text.toLowerCase() === word;

  const parseOr = (): SelectionNode => {
    let left = parseAnd();
    for (;;) {
      const token = peek();
      if (token === undefined || token.text === ")") return left;
      if (isKeyword(token, "or") || token.text === ",") index++;
      left = { kind: "or", left, right: parseAnd() };
    }
  };
  const parseAnd = (): SelectionNode => {
    let left = parseNot();
    while (isKeyword(peek(), "and")) {
      index++;
      left = { kind: "and", left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): SelectionNode => {
    if (isKeyword(peek(), "not")) {
      index++;
      return { kind: "not", inner: parseNot() };
    }
    return parseLineage();
  };
  const parseLineage = (): SelectionNode => {
    const token = peek();
    if (token === undefined) return fail("an expression is missing", text.length);
    let up = 0;
    let inner: SelectionNode;
    const prefix = /^(\d*)\+$/.exec(token.text);
    if (prefix !== null && tokens[index + 1]?.text === "(") {
      up = depthOf(prefix[1] ?? "");
      index++;
    }
    if (peek()?.text === "(") {
      const open = peek() as Token;
      index++;
      inner = parseOr();
      if (peek()?.text !== ")") fail("a closing parenthesis is missing", open.position);
      index++;
    } else {
      inner = parseWord();
    }
    let down = 0;
    const suffix = /^\+(\d*)$/.exec(peek()?.text ?? "");
    if (suffix !== null) {
      down = depthOf(suffix[1] ?? "");
      index++;
    }
    return up === 0 && down === 0 ? inner : { kind: "lineage", inner, up, down };
  };
  const parseWord = (): SelectionNode => {
    const token = peek() as Token;
    if (token.text === ")" || token.text === "," || KEYWORDS.has(token.text.toLowerCase())) fail(`unexpected "${token.text}"`, token.position);
    index++;
    const match = /^(?:(\d*)\+)?(.*?)(?:\+(\d*))?$/.exec(token.text) as RegExpExecArray;
    const body = match[2] ?? "";
    const up = match[1] === undefined ? 0 : depthOf(match[1]);
    const down = match[3] === undefined ? 0 : depthOf(match[3]);
    const offset = token.position + (match[1] === undefined ? 0 : match[1].length + 1);
    if (body === "") fail(`"${token.text}" selects nothing`, token.position);
    let atom: SelectionNode;
    if (body === "*") atom = { kind: "all" };
    else {
      const colon = body.indexOf(":");
      const name = (colon < 0 ? "key" : body.slice(0, colon)) as SelectionAttribute;
      const value = colon < 0 ? body : body.slice(colon + 1);
      if (colon >= 0 && !SELECTION_ATTRIBUTES.includes(name)) {
        fail(`unknown attribute "${name}:" (use ${SELECTION_ATTRIBUTES.map((a) => `${a}:`).join(", ")})`, offset);
      }
      if (value === "") fail(`"${name}:" needs a value`, offset);
      atom = { kind: "attribute", name, value, position: offset };
    }
    return up === 0 && down === 0 ? atom : { kind: "lineage", inner: atom, up, down };
  };

  if (tokens.length === 0) fail("the selection is empty", 0);
  const node = parseOr();
  const rest = peek();
  if (rest !== undefined) fail(`unexpected "${rest.text}"`, rest.position);
  return node;
}
