// PlotReport: averages observed values between its triggers and plots them against the
// epoch or the iteration, saved as an SVG line plot in the output directory
// (chainer.training.extensions.PlotReport, which draws with matplotlib).
import * as io from '../../io/index';
import type { Serializer } from '../../serializers/serializer';
import { DictSummary } from '../reporter';
import { Extension } from '../extension';
import { getTrigger, type Trigger, type TriggerSpec } from '../trigger';
import type { Trainer } from '../trainer';
import { parsePythonJson, pythonFloat, pythonJson } from '../util/python';
import { lineChartSvg, type Point } from '../util/svg-plot';
import { type ArgumentsOf, readArguments, showValue } from '../../util/options';

export interface PlotReportOptions {
  /** The x axis: 'iteration' (default, as Chainer), 'epoch', or a key of the plotted observations. */
  xKey?: string;
  /** When to add a point and redraw (default [1, 'epoch']). */
  trigger?: TriggerSpec;
  /** Edits the SVG text before it is written. */
  postprocess?: ((svg: string) => string) | null;
  /** File name in the output directory; must end in .svg (default 'plot.svg'). */
  filename?: string;
  /** Marker at each point: 'x' (default), '+', 'o', '.', or '' for none. */
  marker?: string;
  grid?: boolean;
}

export class PlotReport extends Extension {
  private readonly xKey: string;
  private readonly yKeys: string[];
  private readonly plotTrigger: Trigger;
  private readonly postprocess: ((svg: string) => string) | null;
  readonly filename: string;
  private readonly marker: string;
  private readonly grid: boolean;
  private summary = new DictSummary();
  private data: Record<string, Point[]>;
  /** The last SVG drawn (also kept where there is no file system). */
  svg: string | null = null;

  constructor(yKeys: string | readonly string[], ...args: ArgumentsOf<PlotReportOptions>) {
    super();
    const options = readArguments<PlotReportOptions>('PlotReport', args, ['xKey', 'trigger', 'postprocess', 'filename', 'marker', 'grid'],
      ['xKey', 'trigger', 'postprocess', 'filename', 'marker', 'grid']);
    if (typeof yKeys !== 'string' && !(Array.isArray(yKeys) && yKeys.every((y) => typeof y === 'string'))) {
      throw new TypeError(`PlotReport: yKeys must be an observation key or a list of them, got ${showValue(yKeys)}`);
    }
    this.yKeys = typeof yKeys === 'string' ? [yKeys] : [...yKeys];
    this.xKey = options.xKey ?? 'iteration';
    if (typeof this.xKey !== 'string') throw new TypeError(`PlotReport: xKey must be 'iteration', 'epoch' or an observation key, got ${JSON.stringify(this.xKey)}`);
    this.plotTrigger = getTrigger(options.trigger ?? [1, 'epoch']);
    this.postprocess = options.postprocess ?? null;
    this.filename = options.filename ?? 'plot.svg';
    if (!/\.svg$/i.test(this.filename)) {
      throw new RangeError(`PlotReport: the plot is an SVG image; give a filename ending in .svg (got '${this.filename}', e.g. use '${this.filename.replace(/\.[A-Za-z]+$/, '')}.svg')`);
    }
    this.marker = options.marker ?? 'x';
    this.grid = options.grid ?? true;
    this.data = Object.fromEntries(this.yKeys.map((k) => [k, []]));
  }

  /** Always true: plotting needs no extra library here. */
  static available(): boolean {
    return true;
  }

  call(trainer: Trainer): void {
    const observation = trainer.observation;
    const picked: Record<string, unknown> = {};
    for (const k of this.yKeys) if (k in observation) picked[k] = observation[k];
    this.summary.add(picked);
    // Called before training (callBeforeTraining), it plots that point without asking the
    // trigger, as Chainer's (is_before_training or trigger).
    if (!trainer.isBeforeTraining && !this.plotTrigger.call(trainer)) return;
    const stats: Record<string, number> = { ...this.summary.computeMean() };
    stats.epoch = trainer.updater.epoch;
    stats.iteration = trainer.updater.iteration;
    // As Chainer: any key of the averaged observations (or epoch, iteration) can be the x axis.
    if (!(this.xKey in stats)) {
      throw new Error(`PlotReport: the x key '${this.xKey}' is not among the values (${Object.keys(stats).join(', ')}); give epoch, iteration or a key in yKeys`);
    }
    const x = stats[this.xKey];
    for (const k of this.yKeys) if (k in stats) this.data[k].push([x, stats[k]]);
    const series = this.yKeys.filter((k) => this.data[k].length > 0).map((k) => ({ label: k, points: this.data[k] }));
    if (series.length > 0) {
      let svg = lineChartSvg(series, { xLabel: this.xKey, grid: this.grid, marker: this.marker });
      if (this.postprocess) svg = this.postprocess(svg);
      this.svg = svg;
      if (io.hasFileSystem()) io.writeAtomic(io.joinPath(trainer.out, this.filename), svg, 'PlotReport');
    }
    this.summary = new DictSummary();
  }

  /** The points drawn so far, by key. */
  get points(): Record<string, readonly Point[]> {
    return this.data;
  }

  /** The data as Python's json.dumps writes Chainer's `_plot_<filename>` entry. */
  private dataJson(): string {
    const xInt = this.xKey === 'iteration' || this.xKey === 'epoch';
    const entries = Object.entries(this.data).map(([k, pts]) =>
      `${pythonJson(k, null)}: [${pts.map(([x, y]) => `[${xInt && Number.isInteger(x) ? String(x) : pythonFloat(x)}, ${pythonFloat(y)}]`).join(', ')}]`);
    return `{${entries.join(', ')}}`;
  }

  /** Key as Chainer's: `_plot_<filename>` holding the points as JSON. */
  override serialize(s: Serializer): void {
    const key = `_plot_${this.filename}`;
    const text = s.value(key, this.dataJson());
    if (s.isLoading) {
      const parsed = parsePythonJson(text) as Record<string, [number, number][]>;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`PlotReport.serialize: ${key} must be a JSON object of points`);
      const data: Record<string, Point[]> = Object.fromEntries(this.yKeys.map((k) => [k, []]));
      for (const [k, pts] of Object.entries(parsed)) data[k] = pts.map(([x, y]) => [Number(x), Number(y)] as Point);
      this.data = data;
    }
  }
}
