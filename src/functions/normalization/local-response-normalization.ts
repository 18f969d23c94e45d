// Local response normalization across channels and L2 normalization along an axis.
import * as ops from '../../array/ops/index';
import { slice } from '../../array/slicing';
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { Variable, type VariableLike, asVariable } from '../../core/variable';
import { add, sub, mul, div, pow } from '../math/basic-math';
import { sqrt, square } from '../math/sqrt';
import { where } from '../array/where';
import { pad } from '../array/pad';
import { getItem } from '../array/get-item';
import { sum } from '../math/sum';
import { readArguments, showValue } from '../../util/options';
import { readAxes } from '../../util/axis';
import { finiteNumber } from '../math/input';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

/** Channels on each side of the window: Chainer's n // 2, none for n below 2. */
export const lrnHalf = (n: number) => Math.max(Math.floor(n / 2), 0);

/** Pad widths that put d zero channels before (d > 0) or after (d < 0) axis 1. */
function channelPad(ndim: number, d: number): [number, number][] {
  return Array.from({ length: ndim }, (_, a) => (a === 1 ? (d > 0 ? [d, 0] : [0, -d]) : [0, 0]));
}

/** v[:, c - d] at channel c, zero where c - d is not a channel (|d| below the channel count). */
function shifted(v: NDArray, d: number): NDArray;
function shifted(v: Variable, d: number): Variable;
function shifted(v: NDArray | Variable, d: number): NDArray | Variable {
  const C = v.shape[1];
  const [from, to] = d > 0 ? [0, C - d] : [-d, C];
  if (v instanceof Variable) return pad(getItem(v, [slice(null), slice(from, to)]), channelPad(v.ndim, d));
  return ops.pad(ops.sliceAxis(v, 1, from, to), channelPad(v.ndim, d));
}

/**
 * Σ of v over the channel window [c - n/2, c + n/2] in Chainer's order: v[c], then
 * v[c - 1], v[c + 1], v[c - 2], v[c + 2], ... (its sum_part[:, i:] += v[:, :-i];
 * sum_part[:, :-i] += v[:, i:]). Channels outside the window are never read, so an
 * infinite or NaN channel reaches only the windows it lies in.
 */
function windowSum(v: NDArray, half: number): NDArray;
function windowSum(v: Variable, half: number): Variable;
function windowSum(v: NDArray | Variable, half: number): NDArray | Variable {
  const C = v.shape[1];
  if (v instanceof Variable) {
    let s = v;
    for (let i = 1; i <= half && i < C; i++) s = add(add(s, shifted(v, i)), shifted(v, -i));
    return s;
  }
  let s = v;
  for (let i = 1; i <= half && i < C; i++) s = ops.add(ops.add(s, shifted(v, i)), shifted(v, -i));
  return s;
}

export class LocalResponseNormalization extends FunctionNode {
  constructor(readonly n: number, readonly k: number, readonly alpha: number, readonly beta: number) { super(); }

  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    const u = ops.add(ops.mul(windowSum(ops.mul(x, x), lrnHalf(this.n)), this.alpha), this.k);
    return [ops.mul(x, ops.pow(u, -this.beta))];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    // Chainer's LocalResponseNormalizationGrad with y = x u^-beta, u = k + alpha S(x^2):
    // gx = gy u^-beta - ((2 alpha beta) x) S(y gy / u), S the window sum.
    const [x] = this.getRetainedInputs();
    const half = lrnHalf(this.n);
    const u = add(mul(windowSum(mul(x, x), half), this.alpha), this.k);
    const w = pow(u, -this.beta);
    const inner = windowSum(div(mul(mul(x, w), gy!), u), half);
    return [sub(mul(gy!, w), mul(mul(x, 2 * this.alpha * this.beta), inner))];
  }
}

export interface LocalResponseNormalizationOptions {
  /** Channels in the window (5). */
  n?: number;
  k?: number;
  /** Not divided by n, as in Chainer (1e-4). */
  alpha?: number;
  beta?: number;
}

/** y = x / (k + alpha Σ_{window} x^2)^beta over channel windows of n along axis 1. */
export function localResponseNormalization(x: VariableLike, ...args: (number | LocalResponseNormalizationOptions | undefined)[]): Variable {
  const fn = 'localResponseNormalization';
  // Chainer's order: local_response_normalization(x, n=5, k=2, alpha=1e-4, beta=.75).
  const { n, k, alpha, beta } = readArguments(fn, args, ['n', 'k', 'alpha', 'beta'], { n: 5, k: 2, alpha: 1e-4, beta: 0.75 });
  for (const [name, v] of [['k', k], ['alpha', alpha], ['beta', beta]] as const) finiteNumber(fn, name, v);
  const xv = asVariable(x, `${fn}: x`);
  if (xv.ndim < 2 || xv.dtype !== 'float32') throw new RangeError(`${fn}: x must be float32 with at least 2 dimensions (batch, channels, ...), got ${shapeString(xv.shape)} ${xv.dtype}`);
  // Chainer takes any integer: below 2 the window is the channel itself.
  if (!Number.isInteger(n)) throw new RangeError(`${fn}: n must be an integer, got ${showValue(n)}`);
  return new LocalResponseNormalization(n, k, alpha, beta).apply([xv])[0];
}

// ------------------------------------------------------------------ L2 normalization

export class NormalizeL2 extends FunctionNode {
  constructor(readonly eps: number, readonly axis: readonly number[]) { super(); }

  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    const norm = ops.sqrt(ops.sum(ops.mul(x, x), [...this.axis], { keepdims: true }));
    return [ops.div(x, ops.add(norm, this.eps))];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    // Chainer's composition step for step, so its rounding (the gradient is a difference
    // of nearly equal terms for small |x|) and, where a whole slice is 0, its NaN double
    // backward through sqrt at 0: gx = (gy n - (Σ x gy / |x|) x) / n ** 2 with
    // n = |x| + eps, the middle term 0 (and not differentiated) where |x| = 0.
    const [x] = this.getRetainedInputs();
    const axis = [...this.axis];
    const normNoeps = sqrt(sum(square(x), axis, { keepdims: true }));
    const norm = add(normNoeps, this.eps);
    const inside = ops.cast(ops.sub(1, ops.equal(normNoeps.array, 0)), 'int32');
    const xgy = where(inside, div(sum(mul(x, gy!), axis, { keepdims: true }), where(inside, normNoeps, 1)), 0);
    return [div(sub(mul(gy!, norm), mul(xgy, x)), pow(norm, 2))];
  }
}

/** x / (sqrt(Σ x^2) + eps) along `axis` (1, or several axes as in Chainer); eps is outside the square root. */
interface NormalizeOptions { eps?: number; axis?: number | readonly number[] }

export function normalize(x: VariableLike, eps?: number | NormalizeOptions, axis?: number | readonly number[] | NormalizeOptions, options?: NormalizeOptions): Variable {
  const fn = 'normalize';
  const o = readArguments(fn, [eps, axis, options], ['eps', 'axis'], { eps: 1e-5, axis: 1 as number | readonly number[] });
  const xv = asVariable(x, `${fn}: x`);
  if (xv.dtype !== 'float32') throw new TypeError(`${fn}: x must be float32, got ${xv.dtype}`);
  // null (every axis) is not Chainer's: its axis is an integer or a tuple of them.
  if (o.axis === null) throw new TypeError(`${fn}: axis must be an integer or a sequence of integers, got null`);
  return new NormalizeL2(finiteNumber(fn, 'eps', o.eps), readAxes(fn, o.axis, xv.ndim)).apply([xv])[0];
}

keepsNoGradients(LocalResponseNormalization, NormalizeL2);
