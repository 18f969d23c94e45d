// Softmax cross entropy over the class axis 1 (Chainer's SoftmaxCrossEntropy), for x
// (N, C, d1, ...) and integer labels t (N, d1, ...), or soft targets t of x's shape
// (soft-target-cross-entropy.ts). The node runs two fused kernels, one for the loss and one
// for its gradient; the double-backprop path composes logSoftmax with a label mask instead.
import * as ops from '../../array/ops/index';
import { arange, array } from '../../array/creation';
import { NDArray } from '../../array/ndarray';
import { shapeString, shapesEqual } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { mul } from '../math/basic-math';
import { floatInput } from '../math/input';
import { sum } from '../math/sum';
import { reshape } from '../array/reshape';
import { logSoftmax } from '../activation/log-softmax';
import { checkChoice, checkLabelRange, checkLabels } from './common';
import { checkBoolean, readArguments, showValue } from '../../util/options';
import { scratch } from '../../backends/temporaries';
import { keepsNoGradients } from '../../core/vouched';
import { SoftmaxCrossEntropyGrad } from './cross-entropy-grad';
import { SoftTargetCrossEntropy, type SoftTargetLoss } from './soft-target-cross-entropy';

export { SoftmaxCrossEntropyGrad };

type Grad = (Variable | null)[];
type Reduce = 'mean' | 'no';

/**
 * The weight of each (sample, class) term as an (N, C, S) array: classWeight[t] (or 1) at
 * the label's class, 0 elsewhere and for ignored labels. Selecting with it is one product.
 */
function labelWeights(t: NDArray, C: number, classWeight: NDArray | null, ignoreLabel: number): NDArray {
  const N = t.shape[0] ?? 1;
  const S = t.size / Math.max(N, 1);
  const t3 = ops.reshape(t, [N, 1, S]);
  // An ignoreLabel inside [0, C) must not select its class either.
  const onehot = ops.mul(ops.equal(t3, ops.reshape(arange(C, undefined, 1, { backend: t.device }), [1, C, 1])), ops.notEqual(t3, ignoreLabel));
  return classWeight ? ops.mul(onehot, ops.reshape(classWeight, [1, C, 1])) : ops.cast(onehot, 'float32');
}

/** The divisor of reduce 'mean': the labelled count (normalize) or N, at least 1. */
function divisor(t: NDArray, ignoreLabel: number, normalize: boolean): number {
  if (!normalize) return Math.max(1, t.shape[0] ?? 1);
  // Labels are on the host already (they were range-checked there).
  const labels = t.dataSync();
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== ignoreLabel) count++;
  return Math.max(1, count);
}

export class SoftmaxCrossEntropy extends FunctionNode {
  private labels: NDArray | null = null;
  private lse: NDArray | null = null;
  private coeff = 1;
  constructor(readonly normalize: boolean, readonly ignoreLabel: number, readonly classWeight: NDArray | null, readonly reduce: Reduce) { super(); }

  forward([x, t]: NDArray[]): NDArray[] {
    this.coeff = this.reduce === 'mean' ? 1 / divisor(t, this.ignoreLabel, this.normalize) : 1;
    // The per-sample terms of a reduced loss are scratch.
    const r = scratch(() => ops.softmaxCrossEntropy(x, t, { ignoreLabel: this.ignoreLabel, classWeight: this.classWeight, coeff: this.coeff }),
      (r) => [r.lse.storage, (this.reduce === 'no' ? r.terms : r.loss).storage]);
    this.labels = t;
    this.lse = r.lse;
    return [this.reduce === 'no' ? r.terms : r.loss];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    // Fused: gx = (softmax(x) Σ_c w - w) scale, w the label weights. Like Chainer's fused
    // kernel this gradient is not differentiable; ask for enableDoubleBackprop instead.
    return [new SoftmaxCrossEntropyGrad(this).apply([this.inputs[0], gy!])[0], null];
  }

  /**
   * The input gradient at x for an output gradient gy (0-d, or t's shape for reduce 'no'):
   * (softmax(x) - onehot(t)) classWeight[t] gy, times 1 / divisor for 'mean'.
   */
  gradient(x: NDArray, gy: NDArray): NDArray {
    return ops.softmaxCrossEntropyGrad(x, this.labels!, this.lse!, gy, { ignoreLabel: this.ignoreLabel, classWeight: this.classWeight, coeff: this.coeff });
  }
}

export interface SoftmaxCrossEntropyOptions {
  /** Divide by the count of labels that are not ignored (true) or by N (false). */
  normalize?: boolean;
  ignoreLabel?: number;
  /** Per-class weights (C,): they scale the terms; the divisor stays the count. */
  classWeight?: NDArray | readonly number[] | null;
  reduce?: Reduce;
  /** Build the loss from differentiable logSoftmax and selection, so it can be differentiated twice. */
  enableDoubleBackprop?: boolean;
  /** Chainer's cache_score: a memory/speed trade-off there that never changes the values; accepted and unused. */
  cacheScore?: boolean;
  /**
   * For soft targets (t float32 of x's shape): 'cross-entropy' (-sum_c t log softmax(x)) or
   * 'kl-divergence' (sum_c t (log(t + 1e-7) - log softmax(x))). Such a loss ignores
   * normalize, classWeight and ignoreLabel, and its mean is over every position (x.size / C).
   */
  softTargetLoss?: SoftTargetLoss;
}

type ClassWeight = NDArray | readonly number[] | null;

/**
 * -log softmax(x)[t] along axis 1, averaged (reduce 'mean') or per element (reduce 'no',
 * 0 where t is ignoreLabel). Labels outside [0, C) other than ignoreLabel are an error.
 * A float32 t of x's shape holds soft targets instead (see softTargetLoss).
 */
export function softmaxCrossEntropy(x: VariableLike, t: VariableLike,
                                    ...args: (boolean | ClassWeight | number | Reduce | SoftTargetLoss | SoftmaxCrossEntropyOptions | undefined)[]): Variable {
  const fn = 'softmaxCrossEntropy';
  // Chainer's order: (x, t, normalize, cache_score, class_weight, ignore_label, reduce, enable_double_backprop, soft_target_loss).
  const options = readArguments(fn, args, ['normalize', 'cacheScore', 'classWeight', 'ignoreLabel', 'reduce', 'enableDoubleBackprop', 'softTargetLoss'],
    { normalize: true, cacheScore: true, classWeight: null as ClassWeight, ignoreLabel: -1, reduce: 'mean' as string, enableDoubleBackprop: false,
      softTargetLoss: 'cross-entropy' as string });
  checkBoolean(fn, 'cacheScore', options.cacheScore);
  const softTargetLoss = checkChoice(fn, 'softTargetLoss', options.softTargetLoss, ['cross-entropy', 'kl-divergence'] as const);
  const xv = floatInput(fn, 'x', x), tv = asVariable(t, `${fn}: t`);
  if (xv.ndim < 2) throw new RangeError(`${fn}: x must have at least 2 dimensions (batch, classes, ...), got ${shapeString(xv.shape)}`);
  const C = xv.shape[1];
  const ignoreLabel = options.ignoreLabel;
  if (!Number.isInteger(ignoreLabel)) throw new TypeError(`${fn}: ignoreLabel must be an integer, got ${showValue(ignoreLabel)}`);
  const reduce = checkChoice(fn, 'reduce', options.reduce, ['mean', 'no'] as const);
  const normalize = checkBoolean(fn, 'normalize', options.normalize);
  const doubleBackprop = checkBoolean(fn, 'enableDoubleBackprop', options.enableDoubleBackprop);
  const cw = classWeightArray(fn, options.classWeight, C, xv);
  // Float targets are soft targets, as in Chainer: a distribution over axis 1 at each position.
  if (tv.dtype === 'float32') return softTargets(fn, xv, tv, softTargetLoss, reduce, ignoreLabel, doubleBackprop);
  checkLabels(fn, tv, [xv.shape[0], ...xv.shape.slice(2)], 'x.shape without the class axis 1');
  checkLabelRange(fn, tv.array, C, ignoreLabel);
  if (!doubleBackprop) return new SoftmaxCrossEntropy(normalize, ignoreLabel, cw, reduce).apply([xv, tv])[0];
  // Differentiable composition, as Chainer's double-backprop path.
  const w = labelWeights(tv.array, C, cw, ignoreLabel);
  const N = xv.shape[0], S = w.shape[2];
  const selected = sum(mul(reshape(logSoftmax(xv, 1), [N, C, S]), w), 1); // (N, S)
  if (reduce === 'no') return mul(reshape(selected, tv.shape), -1);
  return mul(sum(selected), -1 / divisor(tv.array, ignoreLabel, normalize));
}

function classWeightArray(fn: string, classWeight: ClassWeight, C: number, x: Variable): NDArray | null {
  if (classWeight == null) return null;
  if (!Array.isArray(classWeight) && !(classWeight instanceof NDArray)) {
    throw new TypeError(`${fn}: classWeight must be an NDArray or a list of numbers, got ${showValue(classWeight)}`);
  }
  const cw = Array.isArray(classWeight) ? array(classWeight as number[], { backend: x.device }) : classWeight as NDArray;
  if (cw.dtype !== 'float32' || cw.ndim !== 1 || cw.shape[0] !== C) {
    throw new RangeError(`${fn}: classWeight must be a float32 vector of the ${C} classes, got ${shapeString(cw.shape)} ${cw.dtype}`);
  }
  return cw;
}

function softTargets(fn: string, x: Variable, t: Variable, loss: SoftTargetLoss, reduce: Reduce, ignoreLabel: number, doubleBackprop: boolean): Variable {
  if (!shapesEqual(t.shape, x.shape)) {
    throw new RangeError(`${fn}: float32 t holds soft targets and must have the shape of x ${shapeString(x.shape)}, got ${shapeString(t.shape)} (labels are int32)`);
  }
  // Chainer's double-backprop path selects with integer labels only.
  if (doubleBackprop) throw new TypeError(`${fn}: enableDoubleBackprop needs int32 labels t, got float32 soft targets ${shapeString(t.shape)}`);
  // Chainer's mean divides by x.size / C, a ZeroDivisionError there for an empty x.
  if (reduce === 'mean' && x.size === 0) throw new RangeError(`${fn}: the mean over soft targets needs a non-empty x, got ${shapeString(x.shape)}`);
  return new SoftTargetCrossEntropy(loss, reduce, ignoreLabel).apply([x, t])[0];
}

keepsNoGradients(SoftmaxCrossEntropy);
