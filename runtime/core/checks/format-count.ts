const numberFormat = new Intl.NumberFormat("en-US");

/** `10000` → `10,000`. */
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** `1 null`, `3 nulls`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}
