/** A number of bytes, or text such as `"500MB"`, `"10 GB"`, `"1TiB"`. */
export type ByteSize = number | `${number}${string}`;

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

/** Bytes in `size`, or `undefined` when it is not a size. */
export function parseByteSize(size: ByteSize): number | undefined {
  if (typeof size === "number") return Number.isSafeInteger(size) && size > 0 ? size : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(size);
  const factor = match?.[2] === undefined ? undefined : UNITS[match[2].toLowerCase()];
  if (match?.[1] === undefined || factor === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * factor);
  return bytes > 0 ? bytes : undefined;
}
