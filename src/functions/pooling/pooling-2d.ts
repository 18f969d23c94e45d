// Window arguments shared by the 2-D pooling functions, as Chainer's Pooling2D.
import type { ConvGeometry } from '../../array/ops/index';
import { shapeString } from '../../array/shape';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { checkFloatInput, checkRank, pair } from '../connection/check';
import { convOutsize } from '../connection/conv-geometry';

export interface Pooling2DOptions {
  /** Window size, also accepted positionally after x. */
  ksize?: number | readonly number[];
  /** Window step; defaults to the window size. */
  stride?: number | readonly number[] | null;
  pad?: number | readonly number[];
}

/** Chainer's pooling arguments after x: ksize (required), stride (the window), pad 0. */
export const POOLING_DEFAULTS = { ksize: undefined as number | readonly number[] | undefined, stride: null as number | readonly number[] | null, pad: 0 as number | readonly number[] };

export interface PoolWindow {
  kh: number; kw: number; sy: number; sx: number; ph: number; pw: number;
}

export function poolInput(fn: string, x: VariableLike): Variable {
  const v = asVariable(x, `${fn}: x`);
  checkFloatInput(fn, 'x', v);
  checkRank(fn, 'x', v, 4, '(N, C, H, W)');
  return v;
}

export function parseWindow(fn: string, o: Pooling2DOptions): PoolWindow {
  if (o.ksize === undefined) throw new TypeError(`${fn}: ksize is required (an integer or a pair of them)`);
  const [kh, kw] = pair(fn, 'ksize', o.ksize, 1);
  const [sy, sx] = o.stride == null ? [kh, kw] : pair(fn, 'stride', o.stride, 1);
  const [ph, pw] = pair(fn, 'pad', o.pad ?? 0, 0);
  return { kh, kw, sy, sx, ph, pw };
}

/** The sweep of a window over an image (n, c, h, w) with output (oh, ow). */
export function poolGeometry(image: readonly number[], w: PoolWindow, oh: number, ow: number): ConvGeometry {
  const [n, c, h, wd] = image;
  return { n, c, h, w: wd, ...w, dy: 1, dx: 1, oh, ow };
}

/** Pooled sizes of x with the window, floor or (coverAll) ceiling, checked positive. */
export function pooledSize(fn: string, x: Variable, w: PoolWindow, coverAll: boolean): [number, number] {
  const oh = convOutsize(x.shape[2], w.kh, w.sy, w.ph, coverAll), ow = convOutsize(x.shape[3], w.kw, w.sx, w.pw, coverAll);
  if (oh < 1 || ow < 1) {
    throw new RangeError(`${fn}: output would be ${oh}x${ow}: input ${shapeString(x.shape)} is too small for window ${w.kh}x${w.kw} with pad (${w.ph}, ${w.pw})`);
  }
  return [oh, ow];
}
