// Sizes and argument parsing shared by the 2-D convolutions and pooling, as Chainer's
// chainer.utils.conv: get_conv_outsize and get_deconv_outsize.
import type { ConvGeometry } from '../../array/ops/index';
import { shapeString } from '../../array/shape';
import { pair } from './check';
import { positiveInteger } from '../../array/arguments';
import { showValue } from '../../util/options';

/** Output length of a convolution: floor((size + 2p - dk) / s) + 1, rounded up with coverAll. */
export function convOutsize(size: number, k: number, s: number, p: number, coverAll = false, d = 1): number {
  const dk = d * (k - 1) + 1;
  return coverAll ? Math.floor((size + 2 * p - dk + s - 1) / s) + 1 : Math.floor((size + 2 * p - dk) / s) + 1;
}

/** Output length of a transposed convolution: s (size - 1) + dk - 2p (coverAll: - s + 1). */
export function deconvOutsize(size: number, k: number, s: number, p: number, coverAll = false, d = 1): number {
  const dk = d * (k - 1) + 1;
  return coverAll ? s * (size - 1) + dk - s + 1 - 2 * p : s * (size - 1) + dk - 2 * p;
}

/** An output (height, width) as Chainer takes it: null, or a pair where either may be null. */
export type Outsize = readonly (number | null)[] | null;

/**
 * The given output size, each null axis taking its default (Chainer's outh / outw are
 * computed only where None).
 */
export function outsizePair(fn: string, outsize: readonly (number | null)[], defaults: readonly [number, number]): [number, number] {
  if (!Array.isArray(outsize) || outsize.length !== 2) throw new RangeError(`${fn}: outsize must be a pair (height, width), got ${showValue(outsize)}`);
  return pair(fn, 'outsize', outsize.map((v, i) => v ?? defaults[i]), 1);
}

/** Stride, padding, dilation and groups of a 2-D convolution. */
export interface Conv2DParams {
  sy: number; sx: number; ph: number; pw: number; dy: number; dx: number; groups: number;
}

/** An integer for both spatial axes, or a (height, width) pair. */
export type Pair = number | readonly number[];

export interface Conv2DOptions {
  stride?: Pair;
  pad?: Pair;
  dilate?: Pair;
  groups?: number;
}

/** Chainer's defaults of the options every 2-D convolution takes. */
export const CONV2D_DEFAULTS: Required<Conv2DOptions> = { stride: 1, pad: 0, dilate: 1, groups: 1 };

export function parseConv2DOptions(fn: string, o: Conv2DOptions): Conv2DParams {
  const [sy, sx] = pair(fn, 'stride', o.stride ?? 1, 1);
  const [ph, pw] = pair(fn, 'pad', o.pad ?? 0, 0);
  const [dy, dx] = pair(fn, 'dilate', o.dilate ?? 1, 1);
  const groups = o.groups ?? 1;
  positiveInteger(fn, 'groups', groups);
  return { sy, sx, ph, pw, dy, dx, groups };
}

/**
 * The window sweep of a convolution of an image (n, c, h, w) with a kh x kw kernel
 * producing oh x ow positions.
 */
export function convGeometry(image: readonly number[], kh: number, kw: number, p: Conv2DParams, oh: number, ow: number): ConvGeometry {
  const [n, c, h, w] = image;
  return { n, c, h, w, kh, kw, sy: p.sy, sx: p.sx, ph: p.ph, pw: p.pw, dy: p.dy, dx: p.dx, oh, ow };
}

/** Throws unless an output size is positive, naming the sizes that made it. */
export function checkOutsize(fn: string, oh: number, ow: number, x: readonly number[], kh: number, kw: number, p: Conv2DParams): void {
  if (oh < 1 || ow < 1) {
    throw new RangeError(`${fn}: output would be ${oh}x${ow}: input ${shapeString(x)} is too small for kernel ${kh}x${kw} ` +
      `with stride (${p.sy}, ${p.sx}), pad (${p.ph}, ${p.pw}) and dilate (${p.dy}, ${p.dx})`);
  }
}
