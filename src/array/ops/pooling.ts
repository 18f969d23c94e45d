// Window operations over the planes of NCHW arrays: sums, maxima with their positions,
// and the scatter/gather that move values between windows and pixels.
import type { ConvGeometry } from '../../backends/backend';
import type { NDArray } from '../ndarray';
import { shapeString } from '../shape';
import { checkArray, checkFloat, checkInt, sameBackend, wrap } from './common';

function checkPlanes(op: string, arg: string, x: NDArray, shape: readonly number[]): void {
  if (x.ndim !== 4 || x.shape.some((d, i) => d !== shape[i])) {
    throw new RangeError(`${op}: ${arg} has shape ${shapeString(x.shape)}, expected ${shapeString(shape)}`);
  }
}

const inShape = (g: ConvGeometry) => [g.n, g.c, g.h, g.w];
const outShape = (g: ConvGeometry) => [g.n, g.c, g.oh, g.ow];

/**
 * The sum of every window (zero padding) divided by divisor: (N, C, oh, ow). rowSums adds
 * each window row first and then the rows, instead of every tap in row-major order.
 */
export function sumPool2d(x: NDArray, g: ConvGeometry, divisor = 1, rowSums = false): NDArray {
  checkArray('sumPool2d', 'x', x); checkFloat('sumPool2d', 'x', x); checkPlanes('sumPool2d', 'x', x, inShape(g));
  return wrap(x.backend.sumPool2d(x, g, divisor, rowSums), outShape(g), 'float32', x.backend);
}

/**
 * Adds every window value back onto the pixels it covers: (N, C, H, W) from
 * (N, C, oh, ow). The adjoint of sumPool2d with divisor 1, and unpooling.
 */
export function sumUnpool2d(y: NDArray, g: ConvGeometry): NDArray {
  checkArray('sumUnpool2d', 'y', y); checkFloat('sumUnpool2d', 'y', y); checkPlanes('sumUnpool2d', 'y', y, outShape(g));
  // col2im with every tap of a plane reading that plane's one window value.
  const planes = { ...g, n: g.n * g.c, c: 1, dy: 1, dx: 1 };
  return wrap(y.backend.col2im(y, planes, { batch: g.oh * g.ow, tap: 0 }), inShape(g), 'float32', y.backend);
}

/**
 * Positions maxPool2d made, with the plane size they lie in: they need no check, so the
 * backward of max pooling reads nothing back from the GPU.
 */
const kernelIndexes = new WeakMap<NDArray, number>();

/** Window maxima (padding is -inf) and the int32 plane position of each first maximum. */
export function maxPool2d(x: NDArray, g: ConvGeometry): { y: NDArray; indexes: NDArray } {
  checkArray('maxPool2d', 'x', x); checkFloat('maxPool2d', 'x', x); checkPlanes('maxPool2d', 'x', x, inShape(g));
  const { y, indexes } = x.backend.maxPool2d(x, g);
  const positions = wrap(indexes, outShape(g), 'int32', x.backend);
  kernelIndexes.set(positions, g.h * g.w);
  return { y: wrap(y, outShape(g), 'float32', x.backend), indexes: positions };
}

function checkIndexes(op: string, indexes: NDArray, g: ConvGeometry): void {
  checkArray(op, 'indexes', indexes); checkInt(op, 'indexes', indexes); checkPlanes(op, 'indexes', indexes, outShape(g));
  // Positions come from maxPool2d; anything else could address memory outside the plane.
  const plane = g.h * g.w;
  if (kernelIndexes.get(indexes) === plane) return;
  const data = indexes.dataSync() as Int32Array;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < -1 || data[i] >= plane) throw new RangeError(`${op}: index ${data[i]} is outside a ${g.h}x${g.w} plane`);
  }
}

/** Zeros of shape (N, C, H, W) with gy added at the saved window maxima. */
export function maxPool2dGrad(gy: NDArray, indexes: NDArray, g: ConvGeometry): NDArray {
  checkArray('maxPool2dGrad', 'gy', gy); checkFloat('maxPool2dGrad', 'gy', gy); checkPlanes('maxPool2dGrad', 'gy', gy, outShape(g));
  checkIndexes('maxPool2dGrad', indexes, g);
  const backend = sameBackend('maxPool2dGrad', [gy, indexes], ['gy', 'indexes']);
  return wrap(backend.maxPool2dGrad(gy, indexes, g), inShape(g), 'float32', backend);
}

/** x (N, C, H, W) read at the saved window maxima: (N, C, oh, ow). */
export function maxPool2dGather(x: NDArray, indexes: NDArray, g: ConvGeometry): NDArray {
  checkArray('maxPool2dGather', 'x', x); checkFloat('maxPool2dGather', 'x', x); checkPlanes('maxPool2dGather', 'x', x, inShape(g));
  checkIndexes('maxPool2dGather', indexes, g);
  const backend = sameBackend('maxPool2dGather', [x, indexes], ['x', 'indexes']);
  return wrap(backend.maxPool2dGather(x, indexes, g), outShape(g), 'float32', backend);
}
