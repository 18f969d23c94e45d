// Softmax cross entropy as two kernels: the loss terms (with the log-sum-exp kept for
// backward) and the input gradient. Labels are checked here, before any kernel reads them.
import type { NDArray } from '../ndarray';
import { shapeString } from '../shape';
import { checkArray, checkFloat, checkInt, checkLabelRange, sameBackend, wrap } from './common';

export interface SoftmaxCrossEntropyKernelOptions {
  /** Labels equal to this select no class and give a zero term (default -1). */
  ignoreLabel?: number;
  /** Per-class weights (C,) multiplying the terms. */
  classWeight?: NDArray | null;
  /** The factor of `loss`: 1 / (the divisor of the mean), or 1 for the plain sum. */
  coeff?: number;
}

export interface SoftmaxCrossEntropyKernelResult {
  /** coeff times the sum of the terms, 0-d. */
  loss: NDArray;
  /** -log softmax(x)[t] (times classWeight[t]) per label, 0 where ignored; t's shape. */
  terms: NDArray;
  /** log sum exp of x over the class axis; t's shape. */
  lse: NDArray;
}

/** x (N, C, d1, ...) and t (N, d1, ...) as the layout (N, C, S). */
function layoutOf(op: string, x: NDArray, t: NDArray, classWeight: NDArray | null, ignoreLabel: number) {
  checkArray(op, 'x', x); checkArray(op, 't', t);
  checkFloat(op, 'x', x); checkInt(op, 't', t);
  if (x.ndim < 2) throw new RangeError(`${op}: x must have at least 2 dimensions (batch, classes, ...), got ${shapeString(x.shape)}`);
  const [N, C] = x.shape;
  const rest = x.shape.slice(2);
  if (t.ndim !== x.ndim - 1 || t.shape[0] !== N || rest.some((d, i) => t.shape[i + 1] !== d)) {
    throw new RangeError(`${op}: t.shape ${shapeString(t.shape)} must be ${shapeString([N, ...rest])} (x.shape without the class axis 1)`);
  }
  if (classWeight) {
    checkArray(op, 'classWeight', classWeight); checkFloat(op, 'classWeight', classWeight);
    if (classWeight.ndim !== 1 || classWeight.shape[0] !== C) {
      throw new RangeError(`${op}: classWeight must be a float32 vector of the ${C} classes, got ${shapeString(classWeight.shape)}`);
    }
  }
  if (!Number.isInteger(ignoreLabel)) throw new TypeError(`${op}: ignoreLabel must be an integer, got ${ignoreLabel}`);
  checkLabelRange(op, t, C, ignoreLabel);
  return { outer: N, C, inner: t.size / Math.max(N, 1) };
}

/** -log softmax(x)[t] along axis 1 per label, their coeff-weighted sum, and the log-sum-exp. */
export function softmaxCrossEntropy(x: NDArray, t: NDArray, options: SoftmaxCrossEntropyKernelOptions = {}): SoftmaxCrossEntropyKernelResult {
  const op = 'softmaxCrossEntropy';
  const ignoreLabel = options.ignoreLabel ?? -1, classWeight = options.classWeight ?? null, coeff = options.coeff ?? 1;
  const layout = layoutOf(op, x, t, classWeight, ignoreLabel);
  const b = sameBackend(op, classWeight ? [x, t, classWeight] : [x, t], ['x', 't', 'classWeight']);
  const r = b.softmaxCrossEntropy(x, t, layout, classWeight, ignoreLabel, coeff);
  return { loss: wrap(r.loss, [], 'float32', b), terms: wrap(r.terms, t.shape, 'float32', b), lse: wrap(r.lse, t.shape, 'float32', b) };
}

/**
 * The gradient of softmaxCrossEntropy with respect to x, given the log-sum-exp it returned
 * and gy: a 0-d gradient of the loss (scaled by coeff) or one per term (t's shape).
 */
export function softmaxCrossEntropyGrad(x: NDArray, t: NDArray, lse: NDArray, gy: NDArray, options: SoftmaxCrossEntropyKernelOptions = {}): NDArray {
  const op = 'softmaxCrossEntropyGrad';
  const ignoreLabel = options.ignoreLabel ?? -1, classWeight = options.classWeight ?? null, coeff = options.coeff ?? 1;
  const layout = layoutOf(op, x, t, classWeight, ignoreLabel);
  checkArray(op, 'lse', lse); checkArray(op, 'gy', gy); checkFloat(op, 'lse', lse); checkFloat(op, 'gy', gy);
  if (lse.size !== t.size) throw new RangeError(`${op}: lse has shape ${shapeString(lse.shape)}, expected t's ${shapeString(t.shape)}`);
  if (gy.size !== 1 && gy.size !== t.size) throw new RangeError(`${op}: gy has shape ${shapeString(gy.shape)}, expected one element or t's shape ${shapeString(t.shape)}`);
  const arrays = [x, t, lse, gy], names = ['x', 't', 'lse', 'gy'];
  if (classWeight) { arrays.push(classWeight); names.push('classWeight'); }
  const b = sameBackend(op, arrays, names);
  return wrap(b.softmaxCrossEntropyGrad(x, t, lse, layout, classWeight, ignoreLabel, gy, coeff), x.shape, 'float32', b);
}
