// L.BatchNormalization: gamma (1) and beta (0) parameters, running averages avg_mean (0)
// and avg_var (1) and the fine-tuning count N as persistent values (their npz keys).
// In training mode (config.train) it normalizes with the batch statistics and updates
// the running averages in place (the variance with the unbiased batch variance); otherwise
// it uses the averages. The averages are owned by the link (see Link): resident where the
// kernels run, freed when replaced, moved by toDevice, saved under Chainer's keys.
import { full } from '../../array/creation';
import type { NDArray } from '../../array/ndarray';
import { config } from '../../core/config';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { batchNormalization, fixedBatchNormalization } from '../../functions/normalization/batch-normalization';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { Constant } from '../../initializers/constant';
import { Link } from '../link';
import { Parameter } from '../parameter';
import { readLinkArguments } from '../arguments';
import { type Axes, checkAxes } from '../../util/axis';
import { checkBoolean, readArguments, showValue } from '../../util/options';
import { finiteNumber } from '../../functions/math/input';

export interface BatchNormalizationOptions {
  /** Weight of the old running averages (0.9). */
  decay?: number;
  /** Added to the variance inside the square root (2e-5). */
  eps?: number;
  /** Chainer's dtype: null or 'float32', the type kusari computes in. */
  dtype?: 'float32' | null;
  useGamma?: boolean;
  useBeta?: boolean;
  initialGamma?: InitializerLike;
  initialBeta?: InitializerLike;
  /** Axes normalized over; by default the batch axis and the axes after gamma's. */
  axis?: number | readonly number[] | null;
  initialAvgMean?: InitializerLike;
  initialAvgVar?: InitializerLike;
}

export class BatchNormalization extends Link {
  gamma: Parameter | null = null;
  beta: Parameter | null = null;
  /** Running mean (persistent 'avg_mean'); null until the size is known. */
  avg_mean: NDArray | null = null;
  /** Running variance (persistent 'avg_var'). */
  avg_var: NDArray | null = null;
  /** Number of fine-tuning steps (persistent 'N'). */
  N = 0;
  decay: number;
  eps: number;
  readonly axis: number[] | null;
  #initialAvgMean: InitializerLike;
  #initialAvgVar: InitializerLike;

  /** BatchNormalization(size) with size the number of channels (or gamma's shape); null to infer it from the first input's axes other than `axis`. */
  constructor(size: number | readonly number[] | null | BatchNormalizationOptions = null, ...rest: (number | string | null | BatchNormalizationOptions)[]) {
    super();
    // Chainer's (size, decay, eps, dtype, ...): decay, eps and dtype may follow size positionally.
    const options = readLinkArguments('BatchNormalization', [size, ...rest], ['size', 'decay', 'eps', 'dtype'], {
      size: null as number | readonly number[] | null, decay: 0.9, eps: 2e-5, dtype: null as string | null, useGamma: true, useBeta: true,
      initialGamma: null as InitializerLike, initialBeta: null as InitializerLike, axis: null as Axes,
      initialAvgMean: null as InitializerLike, initialAvgVar: null as InitializerLike,
    });
    size = options.size;
    if (size !== null && !(typeof size === 'number' ? Number.isInteger(size) && size > 0 : Array.isArray(size) && size.every((d) => Number.isInteger(d) && d > 0))) {
      throw new RangeError(`BatchNormalization: size must be a positive integer, a list of them or null, got ${showValue(size)}`);
    }
    this.decay = finiteNumber('BatchNormalization', 'decay', options.decay);
    // Chainer checks eps only against cuDNN's minimum; on the CPU any value is taken (0 too).
    this.eps = finiteNumber('BatchNormalization', 'eps', options.eps);
    // Chainer's dtype=numpy.float32; its float16 and float64 computations have no kernels here.
    if (options.dtype !== null && options.dtype !== 'float32') {
      throw new TypeError(`BatchNormalization: dtype must be 'float32' (or null), the type the statistics and parameters are kept in here, got ${showValue(options.dtype)}`);
    }
    const axis = checkAxes('BatchNormalization', options.axis);
    // Chainer infers the shape of gamma from the first input only when told which axes it reduces.
    if (size === null && axis === null) throw new TypeError('BatchNormalization: size or axis is required');
    this.axis = axis === null ? null : typeof axis === 'number' ? [axis] : [...axis];
    this.#initialAvgMean = options.initialAvgMean;
    this.#initialAvgVar = options.initialAvgVar;
    this.registerPersistent('avg_mean');
    this.registerPersistent('avg_var');
    this.registerPersistent('N', 'int');
    if (checkBoolean('BatchNormalization', 'useGamma', options.useGamma)) this.gamma = new Parameter(getInitializer(options.initialGamma, () => new Constant(1)));
    if (checkBoolean('BatchNormalization', 'useBeta', options.useBeta)) this.beta = new Parameter(getInitializer(options.initialBeta, () => new Constant(0)));
    if (size !== null) this.initializeParams(typeof size === 'number' ? [size] : size);
  }

  get avgMean(): NDArray | null { return this.avg_mean; }
  get avgVar(): NDArray | null { return this.avg_var; }

  private initializeParams(shape: readonly number[]): void {
    const backend = this.device;
    // The running averages live as long as the link, beyond the step generations (src/core/step.ts).
    this.avg_mean = getInitializer(this.#initialAvgMean, () => new Constant(0)).generate(shape, { backend }).persist();
    this.avg_var = getInitializer(this.#initialAvgVar, () => new Constant(1)).generate(shape, { backend }).persist();
    this.gamma?.initialize(shape);
    this.beta?.initialize(shape);
  }

  /** The normalized axes for an input of ndim axes: Chainer's (0, gammaNdim + 1, ...). */
  private axesFor(ndim: number, paramNdim: number): number[] {
    if (this.axis) return this.axis;
    const axes = [0];
    for (let i = paramNdim + 1; i < ndim; i++) axes.push(i);
    return axes;
  }

  /**
   * Normalizes x. With `finetune`, the running averages become the plain average over the
   * fine-tuning steps (decay 1 - 1 / N).
   */
  override forward(x: VariableLike, ...args: [{ finetune?: boolean }?]): Variable {
    // Chainer's finetune is keyword-only: nothing but the options object may follow x.
    const options = readArguments<{ finetune?: boolean }>('BatchNormalization.forward', args, [], ['finetune']);
    const xv = asVariable(x, 'BatchNormalization: x');
    if (this.avg_mean === null) {
      const axes = this.axesFor(xv.ndim, 1).map((a) => (a < 0 ? a + xv.ndim : a));
      this.initializeParams(xv.shape.filter((_, i) => !axes.includes(i)));
    }
    const mean = this.avg_mean!, variance = this.avg_var!;
    const axis = this.axesFor(xv.ndim, mean.ndim);
    const gamma = this.gamma ?? full(mean.shape, 1, { backend: mean.device });
    const beta = this.beta ?? full(mean.shape, 0, { backend: mean.device });
    if (!config.train) return fixedBatchNormalization(xv, gamma, beta, mean, variance, { eps: this.eps, axis });
    let decay = this.decay;
    if (options.finetune) {
      this.N += 1;
      decay = 1 - 1 / this.N;
    }
    // The averages are this link's resident arrays: the forward updates them in place and
    // hands the same arrays back (a new one only if an average was not resident).
    const running = { runningMean: mean, runningVar: variance, decay, eps: this.eps, axis };
    const y = batchNormalization(xv, gamma, beta, running);
    this.avg_mean = running.runningMean;
    this.avg_var = running.runningVar;
    return y;
  }

  /** Restarts the fine-tuning average (Chainer's start_finetuning). */
  startFinetuning(): void {
    this.N = 0;
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['size', this.avg_mean ? this.avg_mean.shape : null], ['decay', this.decay], ['eps', this.eps]];
  }
}
