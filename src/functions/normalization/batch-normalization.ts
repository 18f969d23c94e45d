// Batch normalization with batch statistics (training) and with given statistics
// (inference), as chainer.functions.batch_normalization / fixed_batch_normalization.
import * as ops from '../../array/ops/index';
import { zeros } from '../../array/creation';
import type { NDArray } from '../../array/ndarray';
import type { NormLayout } from '../../array/ops/index';
import { shapeString, shapesEqual } from '../../array/shape';
import { checkFloat } from '../../array/ops/common';
import { FunctionNode } from '../../core/function-node';
import { Variable, type VariableLike, asVariable } from '../../core/variable';
import { add, mul, sub, div, neg, pow } from '../math/basic-math';
import { sqrt } from '../math/sqrt';
import { sum } from '../math/sum';
import { reshape } from '../array/reshape';
import { transpose } from '../array/transpose';
import { batchAxes, channelView, type ChannelView } from './layout';
import { type ArgumentsOf, readArguments, readOptions } from '../../util/options';
import { type Axes, checkAxes } from '../../util/axis';
import { keepsNoGradients } from '../../core/vouched';
import { config } from '../../core/config';

type Grad = (Variable | null)[];

/** Per-channel sum over (outer, inner) of a (outer, C, inner) variable, kept as (1, C, 1). */
function channelSum(v: Variable): Variable {
  return sum(v, [0, 2], { keepdims: true });
}

/** The differentiable standardization of X (outer, C, inner): x̂ and 1 / sqrt(var + eps). */
function standardize(X: Variable, m: number, eps: number): { xhat: Variable; r: Variable } {
  const mu = mul(channelSum(X), 1 / m);
  const d = sub(X, mu);
  const r = pow(add(mul(channelSum(mul(d, d)), 1 / m), eps), -0.5);
  return { xhat: mul(d, r), r };
}

export class BatchNormalization extends FunctionNode {
  /** Batch statistics of the last forward (per channel, flat). */
  mean: NDArray | null = null;
  invstd: NDArray | null = null;

  constructor(readonly layout: NormLayout, readonly eps: number, private readonly running: RunningAverages | null = null,
              readonly decay = 0.9) { super(); }

  forward([x, gamma, beta]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    const r = ops.batchNormForward(x, this.layout, gamma, beta, this.eps);
    this.mean = r.mean;
    this.invstd = r.invstd;
    if (this.running) updateRunning(this.running, r.mean, r.var, this.layout, this.decay);
    return [r.y];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    const [x, gamma] = this.getRetainedInputs();
    return new BatchNormalizationGrad(this.layout, this.eps, this.mean!, this.invstd!).apply([x, gamma, gy!]);
  }
}

/**
 * The gradient of BatchNormalization as a node of its own: one fused kernel forward, and a
 * differentiable backward (double backprop), as Chainer's BatchNormalizationGrad.
 */
export class BatchNormalizationGrad extends FunctionNode {
  constructor(readonly layout: NormLayout, readonly eps: number, readonly mean: NDArray, readonly invstd: NDArray) { super(); }

  forward([x, gamma, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    const r = ops.batchNormBackward(x, gy, this.layout, gamma, this.mean, this.invstd);
    return [r.gx, ops.reshape(r.ggamma, gamma.shape), ops.reshape(r.gbeta, gamma.shape)];
  }

  override backward(indexes: number[], [ggx, gggamma, ggbeta]: Grad): Grad {
    // Second-order terms, with the statistics recomputed differentiably from x so that
    // higher orders stay correct. Upstream: a = g(gx), b = g(ggamma), c = g(gbeta).
    // With P(v) = v - E[v] - x̂ E[v x̂] and T = Σ a gy - Σgy Σa / m - Σgy x̂ Σa x̂ / m:
    //   g(gy) = c + b x̂ + gamma r P(a),  g(gamma) = r T,
    //   g(x) = r P(b gy - gamma r / m (Σa x̂ gy + Σgy x̂ a)) - gamma T r^2 x̂ / m.
    const [x, gamma, gy] = this.getRetainedInputs();
    const { outer, C, inner } = this.layout;
    const m = outer * inner;
    const full = [outer, C, inner], chan = [1, C, 1];
    const X = reshape(x, full), GY = reshape(gy, full), G = reshape(gamma, chan);
    const A = ggx ? reshape(ggx, full) : new Variable(zeros(full), { requiresGrad: false });
    const { xhat, r } = standardize(X, m, this.eps);
    const P = (v: Variable) => sub(sub(v, mul(channelSum(v), 1 / m)), mul(xhat, mul(channelSum(mul(v, xhat)), 1 / m)));
    const sumGy = channelSum(GY), sumGyX = channelSum(mul(GY, xhat));
    const sumA = channelSum(A), sumAX = channelSum(mul(A, xhat));
    const T = sub(sub(channelSum(mul(A, GY)), mul(mul(sumGy, sumA), 1 / m)), mul(mul(sumGyX, sumAX), 1 / m));
    const gr = mul(G, r);
    let gGy = mul(gr, P(A));
    let v = mul(mul(gr, 1 / m), add(mul(sumAX, GY), mul(sumGyX, A)));
    v = mul(v, -1);
    if (gggamma) {
      const b = reshape(gggamma, chan);
      gGy = add(gGy, mul(b, xhat));
      v = add(v, mul(b, GY));
    }
    if (ggbeta) gGy = add(gGy, reshape(ggbeta, chan));
    const gX = sub(mul(r, P(v)), mul(mul(mul(gr, r), mul(T, 1 / m)), xhat));
    const gGamma = mul(r, T);
    return [
      indexes.includes(0) ? reshape(gX, x.shape) : null,
      indexes.includes(1) ? reshape(gGamma, gamma.shape) : null,
      indexes.includes(2) ? reshape(gGy, gy.shape) : null,
    ];
  }
}

export class FixedBatchNormalization extends FunctionNode {
  /**
   * 1 / (var + eps) as the forward saw it. A link's running variance is updated in place by
   * a later training call; as Chainer's stored inv_var, the gradient keeps the forward's.
   */
  private invVar: NDArray | null = null;

  constructor(readonly layout: NormLayout, readonly eps: number) { super(); }

  forward([x, gamma, beta, mean, variance]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 3, 4]);
    if (config.enableBackprop) this.invVar = ops.div(1, ops.add(variance, this.eps));
    return [ops.batchNormForward(x, this.layout, gamma, beta, this.eps, { mean, var: variance }).y];
  }

  override backward(indexes: number[], [gy]: Grad): Grad {
    // y = gamma (x - mean) r + beta with r = sqrt(1 / (var + eps)), every input
    // differentiable, in the steps of Chainer's FixedBatchNormalizationGrad: gx = (gamma
    // r) gy, gmean = -(gamma r) gbeta, gvar = (-0.5 (1 / (var + eps))) (gamma ggamma).
    const [x, gamma, mean, variance] = this.getRetainedInputs();
    const { outer, C, inner } = this.layout;
    const full = [outer, C, inner], chan = [1, C, 1];
    const GY = reshape(gy!, full), G = reshape(gamma, chan);
    // A variance that needs a gradient is a value of the graph, never changed in place: its
    // 1 / (var + eps) is differentiated (the same numbers as the forward's).
    const invVar = variance.requiresGrad || !this.invVar ? div(1, add(reshape(variance, chan), this.eps)) : reshape(this.invVar, chan);
    const r = sqrt(invVar);
    const xhat = mul(sub(reshape(x, full), reshape(mean, chan)), r);
    const gbeta = channelSum(GY);
    const ggamma = channelSum(mul(xhat, GY));
    const gr = mul(G, r);
    const back = (v: Variable, like: Variable) => reshape(v, like.shape);
    return [
      indexes.includes(0) ? back(mul(gr, GY), x) : null,
      indexes.includes(1) ? back(ggamma, gamma) : null,
      indexes.includes(2) ? back(gbeta, gamma) : null,
      indexes.includes(3) ? back(mul(neg(gr), gbeta), mean) : null,
      indexes.includes(4) ? back(mul(mul(invVar, -0.5), mul(G, ggamma)), variance) : null,
    ];
  }
}

// ------------------------------------------------------------------ running averages

/**
 * Where batchNormalization keeps Chainer's running averages. Resident arrays (a link's
 * persistents) are updated in place, as numpy's are under Chainer; any other array is
 * replaced in these fields by a new one.
 */
export interface RunningAverages {
  runningMean?: NDArray | null;
  runningVar?: NDArray | null;
}

function updateRunning(running: RunningAverages, mean: NDArray, variance: NDArray, layout: NormLayout, decay: number): void {
  const m = layout.outer * layout.inner;
  // The running variance averages the unbiased batch variance, as Chainer does.
  const adjust = m / Math.max(m - 1, 1);
  if (running.runningMean) running.runningMean = ops.runningAverage(running.runningMean, mean, decay, 1 - decay);
  if (running.runningVar) running.runningVar = ops.runningAverage(running.runningVar, variance, decay, (1 - decay) * adjust);
}

// ------------------------------------------------------------------ entry points

export interface BatchNormalizationOptions extends RunningAverages {
  /** Added to the variance inside the square root (2e-5). */
  eps?: number;
  /** Weight of the old running averages (0.9). */
  decay?: number;
  /** Reduced axes, ascending; by default 0 and the axes after gamma's. Gamma has the shape of the other axes. */
  axis?: number | readonly number[] | null;
}

function checkParam(fn: string, name: string, p: Variable, view: ChannelView): void {
  if (p.dtype !== 'float32') throw new TypeError(`${fn}: ${name} must be float32, got ${p.dtype}`);
  if (!shapesEqual(p.shape, view.keptShape)) {
    throw new RangeError(`${fn}: ${name}.shape ${shapeString(p.shape)} must equal the shape of x without the normalized axes ${shapeString(view.keptShape)}`);
  }
}

/** Applies a node to x in its channel layout (permuting axes there and back when needed). */
function inLayout(x: Variable, view: ChannelView, run: (xt: Variable) => Variable): Variable {
  if (!view.perm) return run(x);
  const inverse = new Array<number>(view.perm.length);
  view.perm.forEach((p, i) => { inverse[p] = i; });
  return transpose(run(transpose(x, view.perm)), inverse);
}

function prepare(fn: string, x: VariableLike, gamma: Variable, axis: number | readonly number[] | null | undefined) {
  const xv = asVariable(x, `${fn}: x`);
  checkFloat(fn, 'x', xv);
  return { xv, view: channelView(fn, xv.array, batchAxes(fn, checkAxes(fn, axis), xv.ndim, gamma.ndim)) };
}

/**
 * Batch normalization with the batch's statistics: y = gamma (x - mean) / sqrt(var + eps)
 * + beta, biased variance. The statistics are over `axis` (ascending), by default over axis 0
 * and the axes after gamma's: (0, 2, 3) for x (N, C, H, W) and gamma (C), (0, 3) for gamma (C, H).
 *
 * When `runningMean` / `runningVar` are given, they are updated as in Chainer,
 * `avg = decay avg + (1 - decay) batch` (the variance with the unbiased batch variance
 * var m / (m - 1)). Resident arrays (a link's persistents) are updated in place; other
 * arrays are immutable, so the updated arrays are written back into the options object:
 * read `options.runningMean` and `options.runningVar` after the call.
 */
export function batchNormalization(x: VariableLike, gamma: VariableLike, beta: VariableLike, opts?: BatchNormalizationOptions): Variable {
  const fn = 'batchNormalization';
  // Chainer takes these as keywords only.
  const options = readOptions(fn, opts, { eps: 2e-5, decay: 0.9, axis: null as Axes, runningMean: null as NDArray | null, runningVar: null as NDArray | null });
  const g = asVariable(gamma, `${fn}: gamma`), b = asVariable(beta, `${fn}: beta`);
  const { xv, view } = prepare(fn, x, g, options.axis);
  checkParam(fn, 'gamma', g, view); checkParam(fn, 'beta', b, view);
  for (const key of ['runningMean', 'runningVar'] as const) {
    const a = options[key];
    if (a != null && !shapesEqual(a.shape, view.keptShape)) {
      throw new RangeError(`${fn}: ${key}.shape ${shapeString(a.shape)} must equal gamma.shape ${shapeString(view.keptShape)}`);
    }
  }
  const { eps, decay } = options;
  // The caller's own object receives the new running averages.
  const running = options.runningMean != null || options.runningVar != null ? opts as RunningAverages : null;
  return inLayout(xv, view, (xt) => new BatchNormalization(view.layout, eps, running, decay).apply([xt, g, b])[0]);
}

export interface FixedBatchNormalizationOptions {
  eps?: number;
  axis?: number | readonly number[] | null;
}

/** Batch normalization with given statistics (inference): gradients flow to all five inputs. */
export function fixedBatchNormalization(x: VariableLike, gamma: VariableLike, beta: VariableLike, mean: VariableLike,
                                        variance: VariableLike, ...args: ArgumentsOf<FixedBatchNormalizationOptions>): Variable {
  const fn = 'fixedBatchNormalization';
  // Chainer's fixed_batch_normalization(x, gamma, beta, mean, var, eps=2e-5, axis=None).
  const options = readArguments(fn, args, ['eps', 'axis'], { eps: 2e-5, axis: null as Axes });
  const params = { gamma, beta, mean, var: variance };
  const vs = Object.entries(params).map(([name, p]) => asVariable(p, `${fn}: ${name}`));
  const { xv, view } = prepare(fn, x, vs[0], options.axis);
  Object.keys(params).forEach((name, i) => checkParam(fn, name, vs[i], view));
  return inLayout(xv, view, (xt) => new FixedBatchNormalization(view.layout, options.eps).apply([xt, ...vs])[0]);
}

keepsNoGradients(BatchNormalization, BatchNormalizationGrad, FixedBatchNormalization);
