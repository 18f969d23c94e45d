// Hinge loss for multi-class classification (Chainer's Hinge): per class
// max(0, 1 - s_k x_k) with s = +1 on the true class and -1 elsewhere.
import * as ops from '../../array/ops/index';
import { arange, full } from '../../array/creation';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { div, mul } from '../math/basic-math';
import { floatInput } from '../math/input';
import { checkLabelRange, checkLabels, checkChoice } from './common';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

/** +1 on the true class, -1 elsewhere, for x (N, K) and labels t (N,). */
function classSigns(t: NDArray, K: number): NDArray {
  const onehot = ops.equal(ops.reshape(t, [t.size, 1]), ops.reshape(arange(K, undefined, 1, { backend: t.device }), [1, K]));
  return ops.sub(ops.mul(onehot, 2), 1);
}

export class Hinge extends FunctionNode {
  constructor(readonly norm: 'L1' | 'L2', readonly reduce: 'mean' | 'no') { super(); }

  forward([x, t]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    const margin = ops.maximum(ops.sub(1, ops.mul(classSigns(t, x.shape[1]), x)), 0);
    const loss = this.norm === 'L1' ? margin : ops.mul(margin, margin);
    // Chainer's loss.sum() / num: a division, not a product with 1 / num.
    return [this.reduce === 'mean' ? ops.div(ops.sum(loss), x.shape[0]) : loss];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    const [x, t] = this.getRetainedInputs();
    const s = classSigns(t.array, x.shape[1]);
    const margin = mul(mul(x, s), -1).add(1);
    const active = ops.greater(margin.array, 0);
    // L1: -s sign(max(0, margin)), Chainer's sign of the hinge (0 at the kink, NaN for NaN);
    // L2: -2 s margin [margin > 0]
    const slope = this.norm === 'L1' ? ops.mul(ops.mul(s, ops.sign(ops.maximum(margin.array, 0))), -1) : mul(margin, ops.mul(ops.mul(s, active), -2));
    // Chainer's gloss /= len(t), a division of the array.
    const g = this.reduce === 'mean' ? div(gy!, full([], x.shape[0], { backend: gy!.device })) : gy!;
    return [mul(g, slope), null];
  }
}

/**
 * sum over classes of max(0, 1 - s_k x_k) (squared for norm 'L2'), averaged over the N
 * samples with reduce 'mean'; reduce 'no' keeps the (N, K) terms.
 */
interface HingeOptions { norm?: 'L1' | 'L2'; reduce?: 'mean' | 'no' }

export function hinge(x: VariableLike, t: VariableLike, norm?: 'L1' | 'L2' | HingeOptions, reduce?: 'mean' | 'no' | HingeOptions, options?: HingeOptions): Variable {
  const fn = 'hinge';
  const o = readArguments(fn, [norm, reduce, options], ['norm', 'reduce'], { norm: 'L1' as string, reduce: 'mean' as string });
  const xv = floatInput(fn, 'x', x), tv = asVariable(t, `${fn}: t`);
  if (xv.ndim !== 2) throw new RangeError(`${fn}: x must be 2-D (batch, classes), got ${xv.ndim} dimensions`);
  checkLabels(fn, tv, [xv.shape[0]], 'one label per row of x');
  checkLabelRange(fn, tv.array, xv.shape[1], null);
  return new Hinge(checkChoice(fn, 'norm', o.norm, ['L1', 'L2'] as const), checkChoice(fn, 'reduce', o.reduce, ['mean', 'no'] as const)).apply([xv, tv])[0];
}

keepsNoGradients(Hinge);
