// accuracy (Chainer's Accuracy): the fraction of rows whose argmax over axis 1 equals the
// label, ignoring rows labelled ignoreLabel. A plain value: no gradient flows through it.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { full } from '../../array/creation';
import { shapeString } from '../../array/shape';
import { checkFloat, checkInt } from '../../array/ops/common';
import { Variable, type VariableLike, asVariable } from '../../core/variable';
import { readArguments, showValue } from '../../util/options';
import { scratch } from '../../backends/temporaries';

interface AccuracyOptions { ignoreLabel?: number | null }

/** accuracy(y, t, ignoreLabel?): the fraction of correct argmax predictions. */
export function accuracy(y: VariableLike, t: VariableLike, ignoreLabel?: number | null | AccuracyOptions, options?: AccuracyOptions): Variable {
  const o = readArguments('accuracy', [ignoreLabel, options], ['ignoreLabel'], { ignoreLabel: null as number | null });
  if (o.ignoreLabel !== null && !Number.isInteger(o.ignoreLabel)) throw new TypeError(`accuracy: ignoreLabel must be an integer or null, got ${showValue(o.ignoreLabel)}`);
  const vy = asVariable(y, 'accuracy: y'), vt = asVariable(t, 'accuracy: t');
  checkFloat('accuracy', 'y', vy);
  checkInt('accuracy', 't', vt);
  const ys = vy.shape, ts = vt.shape;
  // y is (N, C, d1, ..., dk, 1, ..., 1) and t is (N, d1, ..., dk): Chainer accepts trailing
  // axes of size 1 in y that t lacks (a (N, C, 1, 1) score map with labels (N,)).
  if (ys.length < 2 || ts.length < 1 || ts.length > ys.length - 1 || ts[0] !== ys[0] || ts.some((d, i) => i > 0 && d !== ys[i + 1]) ||
      ys.slice(ts.length + 1).some((d) => d !== 1)) {
    throw new RangeError(`accuracy: t ${shapeString(ts)} must be y ${shapeString(ys)} without axis 1 (and without trailing axes of size 1)`);
  }
  // The predictions and hits are scratch: only the fraction leaves.
  const fraction = scratch(() => correctFraction(vy.array, vt.array, o.ignoreLabel), (a) => [a.storage]);
  return new Variable(fraction, { requiresGrad: false });
}

/** The fraction of rows of y whose argmax over axis 1 equals t, as a 0-d float32 array. */
function correctFraction(y: NDArray, t: NDArray, ignoreLabel: number | null): NDArray {
  const pred = ops.reshape(ops.argmax(y, 1), t.shape);
  const hit = ops.equal(pred, t);
  if (y.backend.readsStall) return deviceAccuracy(hit, t, ignoreLabel);
  let correct: number, total: number;
  if (ignoreLabel === null) {
    // An empty batch is Chainer's mean of nothing, NaN.
    correct = ops.sum(hit).item();
    total = t.size;
    if (total === 0) return full([], NaN, { backend: y.device });
  } else {
    const counted = ops.notEqual(t, ignoreLabel);
    correct = ops.sum(ops.mul(hit, counted)).item();
    total = ops.sum(counted).item();
  }
  // Chainer returns 0 when every label is ignored.
  const value = total === 0 ? 0 : correct / total;
  return full([], value, { backend: y.device });
}

/**
 * The same fraction computed where the arrays are, for a backend where reading stalls
 * (webgl): reporting the accuracy every iteration adds no readback to the step.
 */
function deviceAccuracy(hit: NDArray, t: NDArray, ignoreLabel: number | null): NDArray {
  if (ignoreLabel === null) return ops.mul(ops.cast(ops.sum(hit), 'float32'), 1 / t.size); // 0 * Infinity: NaN when empty
  const counted = ops.notEqual(t, ignoreLabel);
  const correct = ops.cast(ops.sum(ops.mul(hit, counted)), 'float32');
  const total = ops.cast(ops.sum(counted), 'float32');
  // Chainer returns 0 when every label is ignored.
  return ops.where(ops.equal(total, 0), ops.mul(total, 0), ops.div(correct, ops.maximum(total, 1)));
}
