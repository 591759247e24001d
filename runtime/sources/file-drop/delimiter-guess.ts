const CANDIDATES = [",", ";", "\t", "|"] as const;

/**
 * The delimiter a CSV header line seems to use when it does not split on the declared one:
 * the most frequent other candidate (`,` `;` tab `|`), or undefined when the header does split
 * or holds none of them.
 */
export function likelyDelimiter(headerLine: string, declared: string): string | undefined {
  if (headerLine.split(declared).length > 1) return undefined;
  let best: string | undefined;
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    if (candidate === declared) continue;
    const count = headerLine.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

/** How a delimiter is written in a message: `;`, or `tab`. */
export function delimiterName(delimiter: string): string {
  return delimiter === "\t" ? "tab" : `\`${delimiter}\``;
}
