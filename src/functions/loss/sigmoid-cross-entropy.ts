// Sigmoid cross entropy for binary labels (Chainer's SigmoidCrossEntropy).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { full } from '../../array/creation';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { div, mul, sub } from '../math/basic-math';
import { floatInput } from '../math/input';
import { sigmoid } from '../activation/elementwise';
import { checkChoice, checkLabels } from './common';
import { checkBoolean, readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];
const IGNORE = -1;

export class SigmoidCrossEntropy extends FunctionNode {
  private count = 1;
  constructor(readonly normalize: boolean, readonly reduce: 'mean' | 'no') { super(); }

  forward([x, t]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    const valid = ops.notEqual(t, IGNORE);
    // Chainer's stable form of -(x t - log(1 + exp(x))): log(1 + exp(-|x|)) - x (t - [x >= 0]).
    // softplus(x) - x t would cancel where the label agrees with a large x (x = 10, t = 1:
    // 10.0000454 - 10 in float32 keeps two digits of 4.54e-5; x = 20 gives 0, not 2.06e-9).
    const agreement = ops.sub(ops.cast(t, 'float32'), ops.greaterEqual(x, 0));
    const loss = ops.mul(ops.sub(ops.log1p(ops.exp(ops.neg(ops.abs(x)))), ops.mul(x, agreement)), valid);
    if (this.reduce === 'no') return [loss];
    this.count = Math.max(1, this.normalize ? labelled(t) : x.shape[0] ?? 1);
    // Chainer's xp.divide(xp.sum(loss), count)
    return [ops.div(ops.sum(loss), this.count)];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    // (sigmoid(x) - t) on the labelled elements, over the same count, in the order of
    // Chainer's SigmoidCrossEntropyGrad: xp.divide(gy * ignore_mask * (y - t), count).
    const [x, t] = this.getRetainedInputs();
    const valid = ops.notEqual(t.array, IGNORE);
    const gx = mul(mul(gy!, valid), sub(sigmoid(x), ops.cast(t.array, 'float32')));
    return [this.reduce === 'mean' ? div(gx, full([], this.count, { backend: gx.device })) : gx, null];
  }
}

/**
 * Elementwise -(x t - log(1 + exp(x))) for labels t in {0, 1}; t = -1 is ignored.
 * reduce 'mean' divides the sum by the count of labelled elements (normalize true) or
 * by x.shape[0] (normalize false); 'no' keeps every element (0 where ignored).
 */
interface SigmoidCrossEntropyOptions { normalize?: boolean; reduce?: 'mean' | 'no' }

export function sigmoidCrossEntropy(x: VariableLike, t: VariableLike, normalize?: boolean | SigmoidCrossEntropyOptions,
                                    reduce?: 'mean' | 'no' | SigmoidCrossEntropyOptions, options?: SigmoidCrossEntropyOptions): Variable {
  const fn = 'sigmoidCrossEntropy';
  const o = readArguments(fn, [normalize, reduce, options], ['normalize', 'reduce'], { normalize: true, reduce: 'mean' as string });
  const xv = floatInput(fn, 'x', x), tv = asVariable(t, `${fn}: t`);
  checkLabels(fn, tv, xv.shape, 'the shape of x');
  const bad = tv.array.dataSync().findIndex((v) => v !== 0 && v !== 1 && v !== IGNORE);
  if (bad >= 0) throw new RangeError(`${fn}: label ${tv.array.dataSync()[bad]} (t at flat index ${bad}) must be 0, 1 or -1 (ignored)`);
  const r = checkChoice(fn, 'reduce', o.reduce, ['mean', 'no'] as const);
  return new SigmoidCrossEntropy(checkBoolean(fn, 'normalize', o.normalize), r).apply([xv, tv])[0];
}

/** The labelled count, from the labels' host values (an uploaded int32 array keeps them: no readback). */
function labelled(t: NDArray): number {
  const labels = t.dataSync();
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== IGNORE) count++;
  return count;
}

keepsNoGradients(SigmoidCrossEntropy);
