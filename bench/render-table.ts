/** A cell of a table: numbers are right-aligned and printed with `digits` decimals. */
export type Cell = string | number;

/** A plain-text table with a header rule; the first column is left-aligned, numbers right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly Cell[])[], digits = 1): string {
  const text = (cell: Cell | undefined): string => (typeof cell === "number" ? cell.toFixed(digits) : (cell ?? ""));
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => text(row[i]).length)));
  const line = (cells: readonly Cell[], numeric: (i: number) => boolean): string =>
    widths.map((width, i) => (numeric(i) ? text(cells[i]).padStart(width) : text(cells[i]).padEnd(width))).join("  ").trimEnd();
  return [
    line(header, (i) => i > 0),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map((row) => line(row, (i) => typeof row[i] === "number")),
  ].join("\n");
}
