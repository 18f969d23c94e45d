// ParameterStatistics: statistics of every parameter (and gradient) of some links, averaged
// between its triggers and reported as `<prefix/><link name><param path>/<data|grad>/<stat>`
// (chainer.training.extensions.ParameterStatistics). The default statistics are numpy's
// mean, std, min, max, count of zeros and seven percentiles of the flattened array,
// computed as numpy computes them on float32 (see util/numpy-stats.ts).
import { Extension, PRIORITY_WRITER } from '../extension';
import { DictSummary, report } from '../reporter';
import { getTrigger, type Trigger, type TriggerSpec } from '../trigger';
import type { Trainer } from '../trainer';
import type { Link } from '../../links/link';
import type { NDArray } from '../../array/ndarray';
import { countZeros, extremum, mean32, percentiles, std32 } from '../util/numpy-stats';
import { type ArgumentsOf, readArguments } from '../../util/options';

/** A statistic of the flattened values: one number, or several (reported as `<key>/0`, `<key>/1`, ...). */
export type Statistic = (values: Float32Array) => number | readonly number[];

export interface ParameterStatisticsOptions {
  /** Name -> function, 'default' (Chainer's six), or null for none. */
  statistics?: Record<string, Statistic> | 'default' | null;
  reportParams?: boolean;
  reportGrads?: boolean;
  prefix?: string | null;
  /** When to report the means of the statistics (default [1, 'epoch']). */
  trigger?: TriggerSpec;
  /** A statistic of an array holding NaN is NaN without calling its function. */
  skipNanParams?: boolean;
}

const DEFAULT_STATISTICS: Record<string, Statistic> = {
  mean: mean32,
  std: std32,
  min: (x) => extremum(x, false),
  max: (x) => extremum(x, true),
  zeros: countZeros,
  percentile: (x) => percentiles(x, [0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87]),
};

export class ParameterStatistics extends Extension {
  override priority = PRIORITY_WRITER;
  static readonly defaultStatistics: Readonly<Record<string, Statistic>> = DEFAULT_STATISTICS;
  private readonly links: Link[];
  private readonly statistics: Record<string, Statistic>;
  private readonly attrs: ('data' | 'grad')[];
  private readonly prefix: string | null;
  private readonly statisticsTrigger: Trigger;
  private readonly skipNanParams: boolean;
  private summary = new DictSummary();

  constructor(links: Link | readonly Link[], ...args: ArgumentsOf<ParameterStatisticsOptions>) {
    super();
    const keys = ['statistics', 'reportParams', 'reportGrads', 'prefix', 'trigger', 'skipNanParams'] as const;
    const options = readArguments<ParameterStatisticsOptions>('ParameterStatistics', args, [...keys], [...keys]);
    this.links = Array.isArray(links) ? [...links] : [links as Link];
    const statistics = options.statistics === undefined ? 'default' : options.statistics;
    this.statistics = statistics === 'default' ? { ...DEFAULT_STATISTICS } : { ...(statistics ?? {}) };
    this.attrs = [];
    if (options.reportParams ?? true) this.attrs.push('data');
    if (options.reportGrads ?? true) this.attrs.push('grad');
    this.prefix = options.prefix ?? null;
    this.statisticsTrigger = getTrigger(options.trigger ?? [1, 'epoch']);
    this.skipNanParams = !!options.skipNanParams;
  }

  override get defaultName(): string {
    return 'parameter_statistics';
  }

  /** Adds (or replaces) a statistic. */
  registerStatistics(name: string, fn: Statistic): void {
    this.statistics[name] = fn;
  }

  call(trainer: Trainer): void {
    const stats: Record<string, number> = {};
    for (const link of this.links) {
      // Chainer formats the link's name, 'None' for a link that is not a child
      const linkName = String(link.name ?? 'None');
      for (const [paramName, param] of link.namedparams()) {
        for (const attr of this.attrs) {
          const array: NDArray | null = attr === 'data' ? (param.hasData ? param.array : null) : param.grad;
          if (array === null) {
            throw new Error(`ParameterStatistics: ${linkName}${paramName} has no ${attr === 'data' ? 'data (an uninitialized parameter)' : 'gradient'} to summarize`);
          }
          const values = Float32Array.from(array.dataSync());
          const hasNan = this.skipNanParams && values.some(Number.isNaN);
          for (const [fnName, fn] of Object.entries(this.statistics)) {
            const key = `${this.prefix ? `${this.prefix}/` : ''}${linkName}${paramName}/${attr}/${fnName}`;
            const value = hasNan ? NaN : fn(values);
            if (typeof value === 'number') stats[key] = value;
            else if (value.length === 1) stats[key] = value[0];
            else value.forEach((v, i) => { stats[`${key}/${i}`] = v; });
          }
        }
      }
    }
    this.summary.add(stats);
    if (this.statisticsTrigger.call(trainer)) {
      report(this.summary.computeMean());
      this.summary = new DictSummary();
    }
  }
}
