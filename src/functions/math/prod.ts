// prod over axes (Chainer's Prod). Its gradient is gy times the product of the other
// elements of each reduction group, computed from cumulative products taken from both
// ends, so zeros in x give exact gradients instead of the 0 / 0 of y / x.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { fromTyped, zerosLike } from '../../array/creation';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { reshape } from '../array/reshape';
import { mul } from './basic-math';
import { floatInput } from './input';
import { type Axes, type ReductionOptions, readReduction } from '../../util/axis';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class Prod extends FunctionNode {
  /**
   * @param axes the reduced axes, sorted
   * @param order the same axes in the order the call named them: Chainer's gradient
   *   multiplies each group's elements walking them in that order, which rounds apart
   *   from another (prod over axis (1, 0) and (0, 1) give gradients ulps apart)
   */
  constructor(readonly axes: readonly number[], readonly keepdims: boolean, readonly order: readonly number[] = axes) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [ops.prod(x, this.axes, { keepdims: this.keepdims })];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [x] = this.getRetainedInputs();
    const kept = x.shape.map((d, i) => (this.axes.includes(i) ? 1 : d));
    return [mul(reshape(gy!, kept), new ProdOfOthers(this.order).apply([x])[0])];
  }
}

/** Views x as (groups, r) with the reduced axes merged last in the order given, and back. */
function groupsOf(shape: readonly number[], axes: readonly number[]) {
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const moved = perm.map((p) => shape[p]);
  const groups = kept.reduce((n, a) => n * shape[a], 1);
  const r = axes.reduce((n, a) => n * shape[a], 1);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => { inverse[p] = i; });
  return {
    rows: (x: NDArray) => ops.reshape(ops.transpose(x, perm), [groups, r]),
    back: (y: NDArray) => ops.transpose(ops.reshape(y, moved), inverse),
  };
}

/** Products of the elements before and after each position of a row (1 at the ends). */
function sides(x: NDArray): { left: NDArray; right: NDArray } {
  return { left: ops.cumprod(x, 1, { exclusive: true }), right: ops.cumprod(x, 1, { exclusive: true, reverse: true }) };
}

/** For every element, the product of the other elements of its reduction group. */
export class ProdOfOthers extends FunctionNode {
  constructor(readonly axes: readonly number[]) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    const g = groupsOf(x.shape, this.axes);
    const { left, right } = sides(g.rows(x));
    return [g.back(ops.mul(left, right))];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [x] = this.getRetainedInputs();
    return [new ProdOfOthersGrad(this.axes).apply([x, gy!])[0]];
  }
}

/**
 * out_k = sum over i != k of g_i times the product of x_j over j not in {i, k}: the
 * gradient of sum(g * ProdOfOthers(x)), in the steps of Chainer's graph for it (the
 * gradient of left * right, each a cumprod whose own gradient is a reverse
 * cumulative product-sum), so that infinities and zeros give Chainer's inf, -inf and NaN:
 *   left path:  r_k = x_k r_{k+1} + g_k right_k from the end (r_{n-1} = g_{n-1} right_{n-1}),
 *               out_k += r_{k+1} left_k for k < n - 1;
 *   right path: s_k = x_k s_{k-1} + g_k left_k from the start (s_0 = g_0 left_0),
 *               out_k += s_{k-1} right_k for k > 0.
 * Symmetric in its role for g, so the gradient with respect to g is this node again; the
 * one with respect to x (a third derivative of prod) is not provided.
 */
export class ProdOfOthersGrad extends FunctionNode {
  constructor(readonly axes: readonly number[]) { super(); }
  forward([x, g]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    const groups = groupsOf(x.shape, this.axes);
    const xr = groups.rows(x), gr = groups.rows(g);
    const n = xr.shape[1];
    if (n < 2) return [zerosLike(x)];
    const { left, right } = sides(xr);
    // the first and last column of a row, where a path contributes nothing
    const column = (k: number) => fromTyped(Int32Array.from({ length: n }, (_, i) => +(i === k)), [1, n], { backend: x.device });
    const first = column(0), last = column(n - 1);
    // The recurrences start from their first term alone: the factor before it is 1, not an
    // x that 0 times would make NaN.
    const r = ops.linearRecurrence(ops.where(last, 1, xr), ops.mul(gr, right), 1, { reverse: true });
    const s = ops.linearRecurrence(ops.where(first, 1, xr), ops.mul(gr, left), 1);
    const fromLeft = ops.mul(r, left), fromRight = ops.mul(s, right);
    // Where a path does not reach, Chainer's graph adds the zeros of a split's gradient.
    return [groups.back(ops.add(ops.where(last, 0, fromLeft), ops.where(first, 0, fromRight)))];
  }
  override backward(indexes: number[], [gz]: Grad): Grad {
    if (indexes.includes(0)) throw new Error('prod: derivatives beyond the second order with respect to x are not supported');
    const [x] = this.getRetainedInputs();
    return [null, new ProdOfOthersGrad(this.axes).apply([x, gz!])[0]];
  }
}

/** Product over axes (all by default, giving a 0-d array). */
export function prod(x: VariableLike, axis?: Axes | ReductionOptions, keepdims?: boolean | ReductionOptions, options?: ReductionOptions): Variable {
  const v = floatInput('prod', 'x', x);
  const r = readReduction('prod', [axis, keepdims, options], v.ndim);
  return new Prod(r.axes, r.keepdims, r.given).apply([v])[0];
}

keepsNoGradients(Prod, ProdOfOthers, ProdOfOthersGrad);
