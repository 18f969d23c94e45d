// Max pooling. Forward saves where each window's first maximum was; the gradient routes
// to those pixels, and the gradient of that routing reads them back, so every order of
// derivative is one of these three nodes.
import * as ops from '../../array/ops/index';
import type { ConvGeometry } from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { array } from '../../array/creation';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { POOLING_DEFAULTS, type Pooling2DOptions, parseWindow, poolGeometry, poolInput, pooledSize } from './pooling-2d';
import { checkBoolean, readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export interface MaxPooling2DOptions extends Pooling2DOptions {
  /** Round the output up so that every pixel is in a window (Chainer's default: true). */
  coverAll?: boolean;
  /** Also return where each maximum is, as Chainer's return_indices (see maxPooling2d). */
  returnIndices?: boolean;
}

type Window = number | readonly number[];
type Stride = number | readonly number[] | null;

export class MaxPooling2D extends FunctionNode {
  /** Plane position (iy * W + ix) of each window's first maximum (first NaN), -1 for none. */
  indexes: NDArray | null = null;
  constructor(readonly geometry: ConvGeometry) { super(); }

  forward([x]: NDArray[]): NDArray[] {
    const { y, indexes } = ops.maxPool2d(x, this.geometry);
    this.indexes = indexes;
    return [y];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    return [new MaxPooling2DGrad(this.geometry, this.indexes!).apply([gy!])[0]];
  }
}

/** Scatters window gradients onto the saved maxima. */
export class MaxPooling2DGrad extends FunctionNode {
  constructor(readonly geometry: ConvGeometry, readonly indexes: NDArray) { super(); }

  forward([gy]: NDArray[]): NDArray[] {
    return [ops.maxPool2dGrad(gy, this.indexes, this.geometry)];
  }

  override backward(_: number[], [ggx]: Grad): Grad {
    return [new MaxPooling2DWithIndexes(this.geometry, this.indexes).apply([ggx!])[0]];
  }
}

/** Max pooling with the maxima already known: reads x at the saved positions. */
export class MaxPooling2DWithIndexes extends FunctionNode {
  constructor(readonly geometry: ConvGeometry, readonly indexes: NDArray) { super(); }

  forward([x]: NDArray[]): NDArray[] {
    return [ops.maxPool2dGather(x, this.indexes, this.geometry)];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    return [new MaxPooling2DGrad(this.geometry, this.indexes).apply([gy!])[0]];
  }
}

/**
 * Chainer's return_indices: each window's argmax as its place in the window, ky * kw + kx
 * (row-major, padding included), int32 (N, C, oh, ow); 0 where the maximum is a padding tap.
 */
function windowIndexes(at: NDArray, g: ConvGeometry): NDArray {
  const plane = at.dataSync() as Int32Array;
  const out = new Int32Array(plane.length);
  const per = g.oh * g.ow;
  for (let i = 0; i < plane.length; i++) {
    const a = plane[i];
    if (a < 0) continue;
    const o = i % per, oy = Math.floor(o / g.ow), ox = o % g.ow;
    out[i] = (Math.floor(a / g.w) - (oy * g.sy - g.ph)) * g.kw + (a % g.w) - (ox * g.sx - g.pw);
  }
  return array(out, { shape: at.shape, dtype: 'int32', backend: at.device });
}

/**
 * Chainer's F.max_pooling_2d: the maximum of every kh x kw window of x (N, C, H, W).
 * stride defaults to ksize, padding counts as -infinity, and coverAll (default true)
 * rounds the output up: 5x5 with ksize 2 gives 3x3. The gradient goes to the first
 * maximum of each window in row-major order; a window holding NaN gives NaN, and its
 * gradient goes to the first NaN; a window with nothing above -infinity sends it to its
 * first tap, lost where that is padding (numpy's max and argmax, as Chainer). With
 * returnIndices it returns [y, indexes], indexes each maximum's place in its window.
 */
export function maxPooling2d(x: VariableLike, ksize: Window, stride: Stride | undefined, pad: Window | undefined, coverAll: boolean | undefined,
                             returnIndices: true, options?: MaxPooling2DOptions): [Variable, NDArray];
export function maxPooling2d(x: VariableLike, options: MaxPooling2DOptions & { returnIndices: true }): [Variable, NDArray];
export function maxPooling2d(x: VariableLike, ksize: Window, ...rest: [...(Stride | Window | boolean | undefined)[], MaxPooling2DOptions & { returnIndices: true }]): [Variable, NDArray];
export function maxPooling2d(x: VariableLike, ksize: Window | MaxPooling2DOptions, stride?: Stride | MaxPooling2DOptions, pad?: Window | MaxPooling2DOptions,
                             coverAll?: boolean | MaxPooling2DOptions, returnIndices?: false | MaxPooling2DOptions, options?: MaxPooling2DOptions): Variable;
export function maxPooling2d(x: VariableLike, ...args: unknown[]): Variable | [Variable, NDArray] {
  const fn = 'maxPooling2d';
  const o = readArguments(fn, args, ['ksize', 'stride', 'pad', 'coverAll', 'returnIndices'], { ...POOLING_DEFAULTS, coverAll: true, returnIndices: false });
  const vx = poolInput(fn, x);
  // Chainer's max pooling type-checks x.size > 0 (average pooling and unpooling do not).
  if (vx.size === 0) throw new RangeError(`${fn}: x must not be empty, got shape ${shapeString(vx.shape)}`);
  const w = parseWindow(fn, o);
  const [oh, ow] = pooledSize(fn, vx, w, checkBoolean(fn, 'coverAll', o.coverAll));
  const node = new MaxPooling2D(poolGeometry(vx.shape, w, oh, ow));
  const y = node.apply([vx])[0];
  return checkBoolean(fn, 'returnIndices', o.returnIndices) ? [y, windowIndexes(node.indexes!, node.geometry)] : y;
}

keepsNoGradients(MaxPooling2D, MaxPooling2DGrad, MaxPooling2DWithIndexes);
