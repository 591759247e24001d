/**
 * The `s3://bucket/key` URI of an object. Characters a URL may not hold as they are (spaces,
 * `%`, `?`, `#`, non-ASCII) are percent-encoded; `/` and `=` stay, so a Hive partition folder
 * reads `dt=2024-01-01`. {@link parseS3Uri} reverses it.
 *
 * @example s3Uri("lake-prod", "raw/événements/v 1.parquet") // "s3://lake-prod/raw/%C3%A9v%C3%A9nements/v%201.parquet"
 */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${encodeURI(key).replace(/[?#]/g, (c) => encodeURIComponent(c))}`;
}

/** The bucket and key of an `s3://bucket/key` URI (percent-decoded); undefined when it is no such URI. */
export function parseS3Uri(uri: string): { readonly bucket: string; readonly key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match === null) return undefined;
  try {
    return { bucket: match[1] as string, key: decodeURIComponent(match[2] ?? "") };
  } catch {
    return undefined;
  }
}
