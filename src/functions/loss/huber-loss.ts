// Huber loss (Chainer's HuberLoss): quadratic within delta, linear beyond, summed along
// axis 1 by default.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { mul, sub, add } from '../math/basic-math';
import { floatInput } from '../math/input';
import { broadcastTo } from '../array/broadcast';
import { reshape } from '../array/reshape';
import { checkChoice, checkSameShape } from './common';
import { readArguments, showValue } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];
export type HuberReduce = 'sum_along_second_axis' | 'no';

export class HuberLoss extends FunctionNode {
  constructor(readonly delta: number, readonly reduce: HuberReduce) { super(); }

  forward([x, t]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    // Chainer's float32 steps, which round differently from delta (|d| - delta / 2) in about
    // half the linear part: 0.5 min(d^2, max(2 delta |d| - delta^2, delta^2)).
    const a = ops.abs(ops.sub(x, t));
    const delta = Math.fround(this.delta), deltaSq = Math.fround(delta * delta);
    const linear = ops.maximum(ops.sub(ops.mul(a, 2 * delta), deltaSq), deltaSq);
    const loss = ops.mul(ops.minimum(ops.mul(a, a), linear), 0.5);
    return [this.reduce === 'no' ? loss : ops.sum(loss, 1)];
  }

  override backward(indexes: number[], [gy]: Grad): Grad {
    // d loss / d x = d inside [-delta, delta], delta sign(d) outside.
    const [x, t] = this.getRetainedInputs();
    const d = sub(x, t);
    const inside = ops.lessEqual(ops.abs(d.array), this.delta);
    const slope = add(mul(d, inside), ops.mul(ops.sign(d.array), ops.mul(ops.sub(1, inside), this.delta)));
    const g = this.reduce === 'no' ? gy! : broadcastTo(reshape(gy!, x.shape.map((s, i) => (i === 1 ? 1 : s))), x.shape);
    const gx = mul(g, slope);
    return [indexes.includes(0) ? gx : null, indexes.includes(1) ? mul(gx, -1) : null];
  }
}

/**
 * 0.5 d^2 where |d| <= delta, delta (|d| - 0.5 delta) elsewhere, d = x - t. The default
 * reduce 'sum_along_second_axis' sums axis 1 only (as Chainer); 'no' keeps every element.
 */
interface HuberOptions { delta?: number; reduce?: HuberReduce }

export function huberLoss(x: VariableLike, t: VariableLike, delta: number | HuberOptions, reduce?: HuberReduce | HuberOptions, options?: HuberOptions): Variable {
  const fn = 'huberLoss';
  const o = readArguments(fn, [delta, reduce, options], ['delta', 'reduce'], { delta: undefined as unknown, reduce: 'sum_along_second_axis' as string });
  const xv = floatInput(fn, 'x', x), tv = floatInput(fn, 't', t);
  checkSameShape(fn, ['x', 't'], [xv, tv]);
  const d = o.delta;
  if (typeof d !== 'number' || !(d > 0)) throw new RangeError(`${fn}: delta must be a positive number, got ${showValue(d)}`);
  const r = checkChoice(fn, 'reduce', o.reduce, ['sum_along_second_axis', 'no'] as const);
  if (r !== 'no' && xv.ndim < 2) throw new RangeError(`${fn}: reduce 'sum_along_second_axis' needs x with at least 2 dimensions, got ${xv.ndim}`);
  return new HuberLoss(d, r).apply([xv, tv])[0];
}

keepsNoGradients(HuberLoss);
