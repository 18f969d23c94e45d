// Average pooling and unpooling: window sums and their adjoint, spreading each value
// over its window. Average pooling's gradient is a scaled unpooling and vice versa, so
// two kernels and four nodes cover every order of derivative.
import * as ops from '../../array/ops/index';
import type { ConvGeometry } from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { type Outsize, convOutsize, deconvOutsize, outsizePair } from '../connection/conv-geometry';
import { POOLING_DEFAULTS, type Pooling2DOptions, type PoolWindow, parseWindow, poolGeometry, poolInput, pooledSize } from './pooling-2d';
import { getItem } from '../array/get-item';
import { checkBoolean, readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

const windowArea = (g: ConvGeometry) => g.kh * g.kw;

export class AveragePooling2D extends FunctionNode {
  constructor(readonly geometry: ConvGeometry) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    return [ops.sumPool2d(x, this.geometry, windowArea(this.geometry))];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    return [new AveragePooling2DGrad(this.geometry).apply([gy!])[0]];
  }
}

export class AveragePooling2DGrad extends FunctionNode {
  constructor(readonly geometry: ConvGeometry) { super(); }
  forward([gy]: NDArray[]): NDArray[] {
    return [ops.div(ops.sumUnpool2d(gy, this.geometry), windowArea(this.geometry))];
  }
  override backward(_: number[], [ggx]: Grad): Grad {
    return [new AveragePooling2D(this.geometry).apply([ggx!])[0]];
  }
}

/**
 * Spreads every pixel of x over its window of the output; `geometry` is the pooling that
 * maps back. With `rowSums` the gradient adds each window row first, then the rows: numpy's
 * sum over the window axes that Chainer's integer-scale path reshapes gy into, where the
 * input is wider than one pixel (one pixel wide, a window is one contiguous run, which
 * numpy adds in order).
 */
export class Unpooling2D extends FunctionNode {
  constructor(readonly geometry: ConvGeometry, readonly rowSums = false) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    return [ops.sumUnpool2d(x, this.geometry)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    return [new Unpooling2DGrad(this.geometry, this.rowSums).apply([gy!])[0]];
  }
}

export class Unpooling2DGrad extends FunctionNode {
  constructor(readonly geometry: ConvGeometry, readonly rowSums = false) { super(); }
  forward([gy]: NDArray[]): NDArray[] {
    return [ops.sumPool2d(gy, this.geometry, 1, this.rowSums)];
  }
  override backward(_: number[], [ggx]: Grad): Grad {
    return [new Unpooling2D(this.geometry, this.rowSums).apply([ggx!])[0]];
  }
}

/**
 * Chainer's F.average_pooling_2d: the mean of every kh x kw window of x (N, C, H, W),
 * dividing by kh * kw with padded zeros included. No coverAll: the output size rounds down.
 */
export function averagePooling2d(x: VariableLike, ksize: number | readonly number[] | Pooling2DOptions, stride?: number | readonly number[] | null | Pooling2DOptions,
                                 pad?: number | readonly number[] | Pooling2DOptions, options?: Pooling2DOptions): Variable {
  const fn = 'averagePooling2d';
  const o = readArguments(fn, [ksize, stride, pad, options], ['ksize', 'stride', 'pad'], POOLING_DEFAULTS);
  const vx = poolInput(fn, x);
  const w = parseWindow(fn, o);
  const [oh, ow] = pooledSize(fn, vx, w, false);
  return new AveragePooling2D(poolGeometry(vx.shape, w, oh, ow)).apply([vx])[0];
}

export interface Unpooling2DOptions extends Pooling2DOptions {
  /** Output (height, width); by default (or where null) the size that pooling with coverAll maps back to H. */
  outsize?: Outsize;
  coverAll?: boolean;
}

/**
 * Chainer's F.unpooling_2d: a per-channel transposed convolution with an all-ones
 * kh x kw kernel. With coverAll (default true) the output is s (H - 1) + k - s + 1 - 2p,
 * so 2x3 with ksize 2 gives 3x5; without it s (H - 1) + k - 2p (4x6).
 */
export function unpooling2d(x: VariableLike, ksize: number | readonly number[] | Unpooling2DOptions, stride?: number | readonly number[] | null | Unpooling2DOptions,
                            pad?: number | readonly number[] | Unpooling2DOptions, outsize?: Outsize | Unpooling2DOptions,
                            coverAll?: boolean | Unpooling2DOptions, options?: Unpooling2DOptions): Variable {
  const fn = 'unpooling2d';
  const o = readArguments(fn, [ksize, stride, pad, outsize, coverAll, options], ['ksize', 'stride', 'pad', 'outsize', 'coverAll'],
    { ...POOLING_DEFAULTS, outsize: null as Outsize, coverAll: true });
  const vx = poolInput(fn, x);
  const w = parseWindow(fn, o);
  const all = checkBoolean(fn, 'coverAll', o.coverAll);
  const [, , H, W] = vx.shape;
  let outH = deconvOutsize(H, w.kh, w.sy, w.ph, all), outW = deconvOutsize(W, w.kw, w.sx, w.pw, all);
  if (o.outsize != null) {
    [outH, outW] = outsizePair(fn, o.outsize, [outH, outW]);
    const backH = convOutsize(outH, w.kh, w.sy, w.ph, all), backW = convOutsize(outW, w.kw, w.sx, w.pw, all);
    if (backH !== H || backW !== W) {
      throw new RangeError(`${fn}: outsize (${outH}, ${outW}) does not match input ${H}x${W}: pooling it back gives ${backH}x${backW}`);
    }
  }
  if (outH < 1 || outW < 1) throw new RangeError(`${fn}: output would be ${outH}x${outW} for input ${H}x${W}, window ${w.kh}x${w.kw}, pad (${w.ph}, ${w.pw})`);
  const [n, c] = vx.shape;
  const tiled = tilesExactly(fn, w, H, W, outH, outW);
  if (tiled && (w.ph > 0 || w.pw > 0)) {
    // Chainer's integer-scale shortcut: crop pad / 2 pixels from each border, then repeat
    // every pixel kh x kw. With ksize 3 and pad 2 (coverAll) that is not the window sum
    // (4x5 gives rows 1..2 and columns 1..3 of x, each 3x3), and Chainer's numbers are these.
    const [a, b] = [w.ph / 2, w.pw / 2];
    const cropped = getItem(vx, `:, :, ${a}:${H - a}, ${b}:${W - b}`);
    const tile = { kh: w.kh, kw: w.kw, sy: w.kh, sx: w.kw, ph: 0, pw: 0 };
    return new Unpooling2D(poolGeometry([n, c, outH, outW], tile, H - 2 * a, W - 2 * b), W - 2 * b > 1).apply([cropped])[0];
  }
  return new Unpooling2D(poolGeometry([n, c, outH, outW], w, H, W), tiled && W > 1).apply([vx])[0];
}

/** Python's a % b and a // b (the sign of b, rounding down), as Chainer's test below computes them. */
const pyMod = (a: number, b: number) => a - b * Math.floor(a / b);

/**
 * Whether Chainer's Unpooling2D.forward takes its integer-scale path: the output is kh x kw
 * times the input less its pads, the pads are even and the strides are the window (Chainer
 * compares sx with kh and sy with kw). Its test divides by H - ph, so an input as high as its
 * padding raises there (ZeroDivisionError), and here.
 */
function tilesExactly(fn: string, w: PoolWindow, H: number, W: number, outH: number, outW: number): boolean {
  const zero = () => new RangeError(`${fn}: input ${H}x${W} with pad (${w.ph}, ${w.pw}) leaves nothing to unpool (Chainer divides by the input size less the pad)`);
  if (H === w.ph) throw zero();
  if (pyMod(outH, H - w.ph) !== 0) return false;
  if (W === w.pw) throw zero();
  return pyMod(outW, W - w.pw) === 0 && Math.floor(outH / (H - w.ph)) === w.kh && Math.floor(outW / (W - w.pw)) === w.kw &&
    w.ph % 2 === 0 && w.pw % 2 === 0 && w.sx === w.kh && w.sy === w.kw;
}

keepsNoGradients(AveragePooling2D, AveragePooling2DGrad, Unpooling2D, Unpooling2DGrad);
