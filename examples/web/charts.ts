// Two small hand-drawn canvas charts: curves over epochs (loss, accuracy) and the ten class
// probabilities as bars.

export interface Series {
  label: string;
  color: string;
  points: [number, number][];
}

/** Canvas 2-D context of a chart, scaled for the screen's pixel density. */
function context(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const ratio = globalThis.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width, height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = '11px system-ui, sans-serif';
  return { ctx, width, height };
}

/** Line chart of several series against epochs, the y range fitted to the data. */
export class LineChart {
  readonly series: Series[];

  constructor(private readonly canvas: HTMLCanvasElement, private readonly title: string, series: Omit<Series, 'points'>[]) {
    this.series = series.map((s) => ({ ...s, points: [] }));
    this.draw();
  }

  add(label: string, x: number, y: number): void {
    const s = this.series.find((t) => t.label === label);
    if (!s) throw new Error(`LineChart.add: no series '${label}' (have ${this.series.map((t) => t.label).join(', ')})`);
    if (Number.isFinite(y)) s.points.push([x, y]);
    this.draw();
  }

  clear(): void {
    for (const s of this.series) s.points.length = 0;
    this.draw();
  }

  draw(): void {
    const { ctx, width, height } = context(this.canvas);
    const pad = { left: 42, right: 10, top: 20, bottom: 22 };
    const all = this.series.flatMap((s) => s.points);
    const xMax = Math.max(1, Math.ceil(Math.max(0, ...all.map((p) => p[0]))));
    let yMin = Math.min(...all.map((p) => p[1])), yMax = Math.max(...all.map((p) => p[1]));
    if (!all.length) { yMin = 0; yMax = 1; }
    if (yMax - yMin < 1e-6) { yMin -= 0.5; yMax += 0.5; }
    const margin = (yMax - yMin) * 0.05;
    yMin -= margin; yMax += margin;
    const px = (x: number) => pad.left + (x / xMax) * (width - pad.left - pad.right);
    const py = (y: number) => pad.top + (1 - (y - yMin) / (yMax - yMin)) * (height - pad.top - pad.bottom);

    ctx.fillStyle = '#333';
    ctx.textAlign = 'left';
    ctx.fillText(this.title, pad.left, 12);
    // Axes with four y ticks and one x tick per epoch.
    ctx.strokeStyle = '#ccc';
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    for (let k = 0; k <= 4; k++) {
      const y = yMin + ((yMax - yMin) * k) / 4;
      ctx.beginPath(); ctx.moveTo(pad.left, py(y)); ctx.lineTo(width - pad.right, py(y)); ctx.stroke();
      ctx.fillText(y.toFixed(yMax - yMin < 0.1 ? 3 : 2), pad.left - 4, py(y) + 4);
    }
    ctx.textAlign = 'center';
    const step = Math.max(1, Math.ceil(xMax / 10));
    for (let e = 0; e <= xMax; e += step) ctx.fillText(String(e), px(e), height - 6);

    // Legend, then the curves (a lone point shows as a dot).
    let lx = width - pad.right;
    ctx.textAlign = 'right';
    for (const s of [...this.series].reverse()) {
      ctx.fillStyle = s.color;
      ctx.fillText(s.label, lx, 12);
      lx -= ctx.measureText(s.label).width + 12;
    }
    for (const s of this.series) {
      ctx.strokeStyle = ctx.fillStyle = s.color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      s.points.forEach(([x, y], i) => (i ? ctx.lineTo(px(x), py(y)) : ctx.moveTo(px(x), py(y))));
      ctx.stroke();
      for (const [x, y] of s.points.length < 30 ? s.points : []) {
        ctx.beginPath(); ctx.arc(px(x), py(y), 2.5, 0, 2 * Math.PI); ctx.fill();
      }
    }
  }
}

/** The ten class probabilities as bars, the most probable class highlighted. */
export function drawBars(canvas: HTMLCanvasElement, probabilities: ArrayLike<number> | null): void {
  const { ctx, width, height } = context(canvas);
  const n = 10, bottom = height - 16, top = 14;
  const slot = width / n;
  let best = -1;
  if (probabilities) for (let k = 0; k < n; k++) if (best < 0 || probabilities[k] > probabilities[best]) best = k;
  ctx.textAlign = 'center';
  for (let k = 0; k < n; k++) {
    const p = probabilities ? probabilities[k] : 0;
    const h = (bottom - top) * p;
    ctx.fillStyle = k === best ? '#d6336c' : '#4c6ef5';
    ctx.fillRect(k * slot + slot * 0.15, bottom - h, slot * 0.7, h);
    ctx.fillStyle = '#333';
    ctx.fillText(String(k), k * slot + slot / 2, height - 3);
    if (probabilities && p >= 0.01) ctx.fillText(p.toFixed(2), k * slot + slot / 2, Math.max(top - 2, bottom - h - 3));
  }
}
