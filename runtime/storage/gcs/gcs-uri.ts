/**
 * The `gs://bucket/name` URI of an object. Characters a URL may not hold as they are (spaces,
 * `%`, `?`, `#`, non-ASCII) are percent-encoded; `/` and `=` stay, so a Hive partition folder
 * reads `dt=2024-01-01`. {@link parseGsUri} reverses it.
 *
 * @example gsUri("lake-prod", "raw/événements/v 1.parquet") // "gs://lake-prod/raw/%C3%A9v%C3%A9nements/v%201.parquet"
 */
export function gsUri(bucket: string, name: string): string {
  return `gs://${bucket}/${encodeURI(name).replace(/[?#]/g, (c) => encodeURIComponent(c))}`;
}

/** The bucket and object name of a `gs://bucket/name` URI (percent-decoded); undefined when it is no such URI. */
export function parseGsUri(uri: string): { readonly bucket: string; readonly name: string } | undefined {
  const match = /^gs:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match === null) return undefined;
  try {
    return { bucket: match[1] as string, name: decodeURIComponent(match[2] ?? "") };
  } catch {
    return undefined;
  }
}
