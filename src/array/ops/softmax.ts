// softmax, logSoftmax and logsumexp along an axis, computed with the max-subtract trick so
// that large inputs never overflow, and the first-order gradients of the first two.
import { NDArray } from '../ndarray';
import { normalizeAxes, normalizeAxis, shapeString, shapesEqual } from '../shape';
import { checkArray, checkFloat, sameBackend, wrap } from './common';
import { transpose } from './layout';

/** x read as (outer, n, inner) around one axis. */
function around(x: NDArray, axis: number): { outer: number; n: number; inner: number } {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= x.shape[i];
  for (let i = axis + 1; i < x.ndim; i++) inner *= x.shape[i];
  return { outer, n: x.shape[axis], inner };
}

function checkInput(name: string, x: NDArray, axis: number): number {
  checkArray(name, 'x', x);
  checkFloat(name, 'x', x);
  if (x.ndim === 0) throw new RangeError(`${name}: x must have at least one dimension, got shape ()`);
  return normalizeAxis(name, axis, x.ndim);
}

/** exp(x) / sum(exp(x)) along `axis` (Chainer's default is 1). */
export function softmax(x: NDArray, axis = 1): NDArray {
  const a = checkInput('softmax', x, axis);
  const { outer, n, inner } = around(x, a);
  return wrap(x.backend.softmax(x, outer, n, inner, false), x.shape, 'float32', x.backend);
}

/** x - logsumexp(x) along `axis` (Chainer's default is 1). */
export function logSoftmax(x: NDArray, axis = 1): NDArray {
  const a = checkInput('logSoftmax', x, axis);
  const { outer, n, inner } = around(x, a);
  return wrap(x.backend.softmax(x, outer, n, inner, true), x.shape, 'float32', x.backend);
}

function checkGrad(name: string, y: NDArray, gy: NDArray, axis: number): number {
  const a = checkInput(name, y, axis);
  checkArray(name, 'gy', gy);
  checkFloat(name, 'gy', gy);
  sameBackend(name, [y, gy], ['y', 'gy']);
  if (!shapesEqual(y.shape, gy.shape)) throw new RangeError(`${name}: gy ${shapeString(gy.shape)} must have the shape of y ${shapeString(y.shape)}`);
  return a;
}

/** Gradient of softmax given its output y: y (gy - sum(y gy)). */
export function softmaxGrad(y: NDArray, gy: NDArray, axis = 1): NDArray {
  const a = checkGrad('softmaxGrad', y, gy, axis);
  const { outer, n, inner } = around(y, a);
  return wrap(y.backend.softmaxGrad(y, gy, outer, n, inner, false), y.shape, 'float32', y.backend);
}

/** Gradient of logSoftmax given its output y: gy - exp(y) sum(gy). */
export function logSoftmaxGrad(y: NDArray, gy: NDArray, axis = 1): NDArray {
  const a = checkGrad('logSoftmaxGrad', y, gy, axis);
  const { outer, n, inner } = around(y, a);
  return wrap(y.backend.softmaxGrad(y, gy, outer, n, inner, true), y.shape, 'float32', y.backend);
}

/** log(sum(exp(x))) over axes (all by default), without overflow. */
export function logsumexp(x: NDArray, axis: number | readonly number[] | null = null, options: { keepdims?: boolean } = {}): NDArray {
  checkArray('logsumexp', 'x', x);
  checkFloat('logsumexp', 'x', x);
  const axes = normalizeAxes('logsumexp', axis, x.ndim);
  const outShape = options.keepdims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
  // The reduced axes must form one block; when they do not, move them last.
  let src = x, first = axes.length ? axes[0] : x.ndim;
  if (axes.length && axes[axes.length - 1] - axes[0] !== axes.length - 1) {
    const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    src = transpose(x, [...kept, ...axes]);
    first = kept.length;
  }
  let outer = 1, n = 1, inner = 1;
  src.shape.forEach((d, i) => {
    if (i < first) outer *= d;
    else if (i < first + axes.length) n *= d;
    else inner *= d;
  });
  return wrap(x.backend.logsumexp(src, outer, n, inner), outShape, 'float32', x.backend);
}
