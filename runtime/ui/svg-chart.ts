/** One point of a small chart: a label for the tooltip and a value. */
export interface ChartPoint {
  readonly label: string;
  readonly value: number;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * A small inline SVG line chart (a sparkline with dots, the last value written out), oldest
 * point first. Every label is escaped, so the SVG can be put into a page as it is. An empty
 * series draws an empty frame saying "no data yet". Pure.
 * @example lineChartSvg("rows", [{ label: "2024-01-01", value: 120 }, { label: "2024-01-02", value: 130 }])
 */
export function lineChartSvg(title: string, points: readonly ChartPoint[], size: { readonly width: number; readonly height: number } = { width: 240, height: 56 }): string {
  const { width, height } = size;
  const pad = 6;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${escapeXml(title)}</title>`;
  if (points.length === 0) return `${open}<text x="${pad}" y="${height / 2}" class="chart-empty">no data yet</text></svg>`;
  const values = points.map((p) => p.value);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const span = max - min || 1;
  const right = width - 56; // room for the last value
  const x = (i: number) => (points.length === 1 ? right / 2 : pad + (i * (right - pad)) / (points.length - 1));
  const y = (v: number) => (max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / span);
  const line = points.map((p, i) => `${fixed(x(i))},${fixed(y(p.value))}`).join(" ");
  const dots = points.map((p, i) => `<circle cx="${fixed(x(i))}" cy="${fixed(y(p.value))}" r="2.5"><title>${escapeXml(`${p.label}: ${p.value.toLocaleString("en")}`)}</title></circle>`).join("");
  const last = points[points.length - 1];
  const lastText = last === undefined ? "" : `<text x="${right + 6}" y="${fixed(y(last.value) + 4)}" class="chart-value">${escapeXml(compact(last.value))}</text>`;
  return `${open}<polyline points="${line}" fill="none"/>${dots}${lastText}</svg>`;
}

/** 1234 → `1.2k`, 1_500_000 → `1.5M`; small numbers as they are. */
function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${fixed(n / 1e6)}M`;
  if (abs >= 1e4) return `${fixed(n / 1e3)}k`;
  return Number.isInteger(n) ? String(n) : fixed(n);
}
