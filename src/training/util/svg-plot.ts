// A line plot as a standalone SVG document, in the spirit of matplotlib's defaults (the
// figure Chainer's PlotReport saves): axes with ticks, an optional grid, one colored
// line with markers per series and a legend on the right. No plotting library needed.

export type Point = readonly [number, number];

export interface Series {
  label: string;
  points: readonly Point[];
}

export interface PlotOptions {
  xLabel?: string;
  yLabel?: string;
  grid?: boolean;
  /** Marker drawn at every point: 'x' (default), '+', 'o', '.', or '' for none. */
  marker?: string;
  width?: number;
  height?: number;
}

/** matplotlib's default color cycle (tab10). */
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Round numbers for at most ~maxTicks ticks covering [lo, hi] (1, 2, 2.5, 5 x 10^k steps). */
export function niceTicks(lo: number, hi: number, maxTicks = 8): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

function tickText(t: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(t) || 1;
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9) + (step / 10 ** Math.floor(Math.log10(step) + 1e-9) === 2.5 ? 1 : 0)));
  const a = Math.abs(t);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return t.toExponential(2);
  return t.toFixed(decimals);
}

/** [lo, hi] of the finite values with matplotlib's 5% margins (a flat range gets +-0.5 or +-5%). */
function range(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite), hi = Math.max(...finite);
  if (lo === hi) {
    const d = lo === 0 ? 0.5 : Math.abs(lo) * 0.05;
    return [lo - d, hi + d];
  }
  const m = (hi - lo) * 0.05;
  lo -= m; hi += m;
  return [lo, hi];
}

function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function markerPath(kind: string, x: number, y: number): string {
  const r = 4;
  switch (kind) {
    case 'x': return `M${fmt(x - r)},${fmt(y - r)}L${fmt(x + r)},${fmt(y + r)}M${fmt(x - r)},${fmt(y + r)}L${fmt(x + r)},${fmt(y - r)}`;
    case '+': return `M${fmt(x - r)},${fmt(y)}L${fmt(x + r)},${fmt(y)}M${fmt(x)},${fmt(y - r)}L${fmt(x)},${fmt(y + r)}`;
    case '.': return `M${fmt(x - 1.5)},${fmt(y)}a1.5,1.5 0 1,0 3,0a1.5,1.5 0 1,0 -3,0`;
    default: return `M${fmt(x - r)},${fmt(y)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
}

/** The SVG text of a line plot of the given series. */
export function lineChartSvg(series: readonly Series[], options: PlotOptions = {}): string {
  const plotWidth = options.width ?? 640;
  const height = options.height ?? 480;
  const marker = options.marker ?? 'x';
  const left = 80, right = 20, top = 20, bottom = 60;
  const legendWidth = Math.max(...series.map((s) => s.label.length), 4) * 7 + 50;
  const width = plotWidth + legendWidth;
  const x0 = left, x1 = plotWidth - right, y0 = height - bottom, y1 = top;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [xlo, xhi] = range(xs);
  const [ylo, yhi] = range(ys);
  const sx = (x: number) => x0 + ((x - xlo) / (xhi - xlo)) * (x1 - x0);
  const sy = (y: number) => y0 - ((y - ylo) / (yhi - ylo)) * (y0 - y1);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  const xticks = niceTicks(xlo, xhi);
  const yticks = niceTicks(ylo, yhi);
  out.push('<g class="axes">');
  if (options.grid ?? true) {
    for (const t of xticks) out.push(`<line class="grid" x1="${fmt(sx(t))}" y1="${y1}" x2="${fmt(sx(t))}" y2="${y0}" stroke="#b0b0b0" stroke-width="0.8"/>`);
    for (const t of yticks) out.push(`<line class="grid" x1="${x0}" y1="${fmt(sy(t))}" x2="${x1}" y2="${fmt(sy(t))}" stroke="#b0b0b0" stroke-width="0.8"/>`);
  }
  out.push(`<rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" fill="none" stroke="#000000" stroke-width="0.8"/>`);
  for (const t of xticks) {
    out.push(`<line x1="${fmt(sx(t))}" y1="${y0}" x2="${fmt(sx(t))}" y2="${y0 + 5}" stroke="#000000" stroke-width="0.8"/>`);
    out.push(`<text x="${fmt(sx(t))}" y="${y0 + 18}" text-anchor="middle">${escapeXml(tickText(t, xticks))}</text>`);
  }
  for (const t of yticks) {
    out.push(`<line x1="${x0 - 5}" y1="${fmt(sy(t))}" x2="${x0}" y2="${fmt(sy(t))}" stroke="#000000" stroke-width="0.8"/>`);
    out.push(`<text x="${x0 - 8}" y="${fmt(sy(t) + 4)}" text-anchor="end">${escapeXml(tickText(t, yticks))}</text>`);
  }
  if (options.xLabel) out.push(`<text class="xlabel" x="${fmt((x0 + x1) / 2)}" y="${height - 18}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  if (options.yLabel) out.push(`<text class="ylabel" x="18" y="${fmt((y0 + y1) / 2)}" text-anchor="middle" transform="rotate(-90 18 ${fmt((y0 + y1) / 2)})">${escapeXml(options.yLabel)}</text>`);
  out.push('</g>');
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    out.push(`<g class="series" data-key="${escapeXml(s.label)}" stroke="${color}" fill="none">`);
    // Non-finite values break the line, as matplotlib leaves gaps for NaN.
    let run: string[] = [];
    const flush = () => {
      if (run.length) out.push(`<polyline points="${run.join(' ')}" stroke-width="1.5"/>`);
      run = [];
    };
    for (const [x, y] of s.points) {
      if (Number.isFinite(x) && Number.isFinite(y)) run.push(`${fmt(sx(x))},${fmt(sy(y))}`);
      else flush();
    }
    flush();
    if (marker) {
      for (const [x, y] of s.points) {
        if (Number.isFinite(x) && Number.isFinite(y)) out.push(`<path class="marker" d="${markerPath(marker, sx(x), sy(y))}" stroke-width="1"${marker === '.' || marker === 'o' ? ` fill="${color}"` : ''}/>`);
      }
    }
    out.push('</g>');
  });
  out.push('<g class="legend">');
  const lx = plotWidth + 10;
  out.push(`<rect x="${lx}" y="${top}" width="${legendWidth - 20}" height="${series.length * 20 + 10}" fill="#ffffff" stroke="#cccccc"/>`);
  series.forEach((s, i) => {
    const y = top + 20 + i * 20;
    const color = COLORS[i % COLORS.length];
    out.push(`<line x1="${lx + 8}" y1="${y - 4}" x2="${lx + 32}" y2="${y - 4}" stroke="${color}" stroke-width="1.5"/>`);
    if (marker) out.push(`<path d="${markerPath(marker, lx + 20, y - 4)}" stroke="${color}" fill="${marker === '.' || marker === 'o' ? color : 'none'}"/>`);
    out.push(`<text x="${lx + 40}" y="${y}">${escapeXml(s.label)}</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
