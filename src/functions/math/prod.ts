// prod over axes (Chainer's Prod). Its gradient is gy times the product of the other
// elements, computed from cumulative products from both ends, so zeros in x give exact
// gradients instead of the 0 / 0 of y / x.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { normalizeAxes } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { reshape } from '../array/reshape';
import { mul } from './basic-math';
import { floatInput } from './input';

export class Prod extends FunctionNode {
  constructor(readonly axes: readonly number[], readonly keepdims: boolean) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [ops.prod(x, this.axes, { keepdims: this.keepdims })];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [x] = this.getRetainedInputs();
    const kept = x.shape.map((d, i) => (this.axes.includes(i) ? 1 : d));
    return [mul(reshape(gy!, kept), new ProdOfOthers(this.axes).apply([x])[0])];
  }
}

/**
 * For every element, the product of the other elements of its reduction group. Only its
 * forward is implemented: prod supports first- and second-order gradients (the second
 * through the Mul with this node's output), not third-order ones.
 */
export class ProdOfOthers extends FunctionNode {
  constructor(readonly axes: readonly number[]) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    // Move the reduced axes last and merge them into one, scan from both ends.
    const kept = x.shape.map((_, i) => i).filter((i) => !this.axes.includes(i));
    const perm = [...kept, ...this.axes];
    const moved = ops.transpose(x, perm);
    const r = this.axes.reduce((n, a) => n * x.shape[a], 1);
    const flat = ops.reshape(moved, [moved.size / Math.max(r, 1), r]);
    const others = ops.mul(ops.cumprod(flat, 1, { exclusive: true }), ops.cumprod(flat, 1, { exclusive: true, reverse: true }));
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => { inverse[p] = i; });
    return [ops.transpose(ops.reshape(others, moved.shape), inverse)];
  }
}

/** Product over axes (all by default, giving a 0-d array). */
export function prod(x: VariableLike, axis: number | readonly number[] | null = null, options: { keepdims?: boolean } | boolean = {}): Variable {
  const v = floatInput('prod', 'x', x);
  const keepdims = typeof options === 'boolean' ? options : !!options.keepdims;
  return new Prod(normalizeAxes('prod', axis, v.ndim), keepdims).apply([v])[0];
}
