// 2-D convolution (cross-correlation, NCHW) and its weight gradient. The data gradient
// is a transposed convolution and the weight gradient's own gradients are a convolution
// and a transposed convolution, so every order of derivative stays in these three nodes.
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type GradSink, type Variable, type VariableLike, asVariable } from '../../core/variable';
import { sum } from '../math/sum';
import { checkFloatInput, checkRank } from './check';
import { convForward, convGradW } from './conv-arrays';
import { CONV2D_DEFAULTS, type Conv2DOptions, type Conv2DParams, type Pair, checkOutsize, convOutsize, parseConv2DOptions } from './conv-geometry';
import { deconvolution2dWithOutsize } from './deconvolution-2d';
import { checkBoolean, readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export interface Convolution2DOptions extends Conv2DOptions {
  /** Round the output size up so that every input pixel is covered (extra taps read zeros). */
  coverAll?: boolean;
}

/** y = conv(x, W) + b for x (N, C, H, W), W (O, C/groups, kh, kw), b (O). */
export class Convolution2DFunction extends FunctionNode {
  constructor(readonly params: Conv2DParams, readonly outH: number, readonly outW: number) { super(); }

  forward([x, W, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [convForward(x, W, b, this.params, this.outH, this.outW)];
  }

  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x, W] = this.getRetainedInputs();
    const [, , kh, kw] = W.shape;
    const grads: Grad = [
      indexes.includes(0) ? deconvolution2dWithOutsize(gy!, W, null, this.params, x.shape[2], x.shape[3]) : null,
      indexes.includes(1) ? weightGrad(this.gradSink(1), x, gy!, kh, kw, this.params) : null,
      indexes.includes(2) ? channelSum(gy!) : null,
    ];
    return grads.slice(0, this.inputs.length);
  }
}

/** gW = the weight gradient of a convolution of x that received gy. */
export class Convolution2DGradW extends FunctionNode {
  constructor(readonly kh: number, readonly kw: number, readonly params: Conv2DParams) { super(); }

  forward([x, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [convGradW(x, gy, this.kh, this.kw, this.params)];
  }

  override backward(indexes: number[], [ggW]: Grad): Grad {
    const [x, gy] = this.getRetainedInputs();
    // gW is bilinear in (x, gy): d/dx is the transposed convolution of gy, d/dgy the convolution of x.
    return [
      indexes.includes(0) ? deconvolution2dWithOutsize(gy, ggW!, null, this.params, x.shape[2], x.shape[3]) : null,
      indexes.includes(1) ? convolution2dWithOutsize(x, ggW!, null, this.params, gy.shape[2], gy.shape[3]) : null,
    ];
  }
}

/**
 * The bias gradient: gy summed over every axis but the channels in one reduction, as
 * Chainer's F.sum(gy, axis=(0, 2, 3)), so that it adds in numpy's order (one output
 * channel makes gy one contiguous run, summed pairwise whole).
 */
export function channelSum(gy: Variable): Variable {
  return sum(gy, [0, 2, 3]);
}

/**
 * The weight gradient of a convolution of x that received gy, as backward returns it; or,
 * when backward offers a parameter's resident gradient (sink), written there with one
 * kernel call (null is returned then).
 */
export function weightGrad(sink: GradSink | null, x: Variable, gy: Variable, kh: number, kw: number, p: Conv2DParams): Variable | null {
  if (!sink) return new Convolution2DGradW(kh, kw, p).apply([x, gy])[0];
  convGradW(x.array, gy.array, kh, kw, p, { target: sink.target, accumulate: !sink.fresh });
  return null;
}

/** A convolution whose output size is given (as inside backward passes). */
export function convolution2dWithOutsize(x: Variable, W: Variable, b: Variable | null, p: Conv2DParams, outH: number, outW: number): Variable {
  return new Convolution2DFunction(p, outH, outW).apply(b ? [x, W, b] : [x, W])[0];
}

/** Checks x, W and b of a convolution-like call and returns them as Variables. */
export function convInputs(fn: string, x: VariableLike, W: VariableLike, b: VariableLike | null | undefined): [Variable, Variable, Variable | null] {
  const vx = asVariable(x, `${fn}: x`), vW = asVariable(W, `${fn}: W`);
  const vb = b == null ? null : asVariable(b, `${fn}: b`);
  checkFloatInput(fn, 'x', vx); checkFloatInput(fn, 'W', vW);
  if (vb) checkFloatInput(fn, 'b', vb);
  checkRank(fn, 'x', vx, 4, '(N, C, H, W)');
  if (vx.device !== vW.device || (vb && vb.device !== vx.device)) {
    throw new TypeError(`${fn}: x, W and b must be on one backend, got ${vx.device}, ${vW.device}${vb ? `, ${vb.device}` : ''}`);
  }
  return [vx, vW, vb];
}

export function checkBias(fn: string, b: Variable | null, channels: number): void {
  if (b && (b.ndim !== 1 || b.shape[0] !== channels)) {
    throw new RangeError(`${fn}: b must have shape (${channels}), one per output channel, got ${shapeString(b.shape)}`);
  }
}

/**
 * Chainer's F.convolution_2d: cross-correlation of x (N, C, H, W) with W
 * (out, C/groups, kh, kw), plus b (out). Output size floor((H + 2p - dk) / s) + 1 with
 * dk = d (k - 1) + 1, or rounded up with coverAll. Groups split the input and output
 * channels into contiguous blocks.
 */
export function convolution2d(x: VariableLike, W: VariableLike, b?: VariableLike | null | Convolution2DOptions, stride?: Pair | Convolution2DOptions,
                              pad?: Pair | Convolution2DOptions, coverAll?: boolean | Convolution2DOptions, options?: Convolution2DOptions): Variable {
  const fn = 'convolution2d';
  const o = readArguments(fn, [b, stride, pad, coverAll, options], ['b', 'stride', 'pad', 'coverAll'],
    { b: null as VariableLike | null, ...CONV2D_DEFAULTS, coverAll: false });
  const [vx, vW, vb] = convInputs(fn, x, W, o.b);
  const p = parseConv2DOptions(fn, o);
  checkRank(fn, 'W', vW, 4, '(out, in/groups, kh, kw)');
  const [, C, H, Wd] = vx.shape;
  const [O, CperG, kh, kw] = vW.shape;
  if (C !== CperG * p.groups) {
    throw new RangeError(`${fn}: x.shape[1] (${C}) must equal W.shape[1] * groups (${CperG} * ${p.groups})`);
  }
  if (O % p.groups !== 0) throw new RangeError(`${fn}: W.shape[0] (${O}) must be divisible by groups (${p.groups})`);
  checkBias(fn, vb, O);
  const all = checkBoolean(fn, 'coverAll', o.coverAll);
  const oh = convOutsize(H, kh, p.sy, p.ph, all, p.dy), ow = convOutsize(Wd, kw, p.sx, p.pw, all, p.dx);
  checkOutsize(fn, oh, ow, vx.shape, kh, kw, p);
  return convolution2dWithOutsize(vx, vW, vb, p, oh, ow);
}

keepsNoGradients(Convolution2DFunction, Convolution2DGradW);
