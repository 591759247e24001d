/**
 * Values the SQLite store takes as they are but PostgreSQL's types would refuse with a raw
 * driver error; adjusted here so the PostgreSQL store behaves the same (or as close as it can).
 */

/**
 * Free text (failure reasons, check messages) as PostgreSQL `text` can keep it: it cannot hold
 * U+0000, which an error message quoting a malformed file may contain, so that becomes U+FFFD
 * rather than failing the write. Keys and names are never changed; JSON fields keep U+0000.
 */
export function toStoredText(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD");
}
