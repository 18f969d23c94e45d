// Transposed 2-D convolution: the adjoint of convolution2d, so its gradients are a
// convolution (for x) and the convolution weight gradient with x and gy swapped (for W).
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { checkRank } from './check';
import { deconvForward } from './conv-arrays';
import { CONV2D_DEFAULTS, type Conv2DOptions, type Conv2DParams, type Outsize, type Pair, checkOutsize, convOutsize, deconvOutsize, outsizePair, parseConv2DOptions } from './conv-geometry';
import { checkBias, convInputs, convolution2dWithOutsize, channelSum, weightGrad } from './convolution-2d';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export interface Deconvolution2DOptions extends Conv2DOptions {
  /** Output (height, width); by default (or where null) s (H - 1) + dk - 2p. */
  outsize?: Outsize;
}

/** y = deconv(x, W) + b for x (N, in, H, W), W (in, out/groups, kh, kw), b (out). */
export class Deconvolution2DFunction extends FunctionNode {
  constructor(readonly params: Conv2DParams, readonly outH: number, readonly outW: number) { super(); }

  forward([x, W, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [deconvForward(x, W, b, this.params, this.outH, this.outW)];
  }

  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x, W] = this.getRetainedInputs();
    const [, , kh, kw] = W.shape;
    const grads: Grad = [
      indexes.includes(0) ? convolution2dWithOutsize(gy!, W, null, this.params, x.shape[2], x.shape[3]) : null,
      // W's gradient is the convolution weight gradient with x and gy swapped.
      indexes.includes(1) ? weightGrad(this.gradSink(1), gy!, x, kh, kw, this.params) : null,
      indexes.includes(2) ? channelSum(gy!) : null,
    ];
    return grads.slice(0, this.inputs.length);
  }
}

/** A transposed convolution whose output size is given (as inside backward passes). */
export function deconvolution2dWithOutsize(x: Variable, W: Variable, b: Variable | null, p: Conv2DParams, outH: number, outW: number): Variable {
  return new Deconvolution2DFunction(p, outH, outW).apply(b ? [x, W, b] : [x, W])[0];
}

/**
 * Chainer's F.deconvolution_2d: x (N, in, H, W), W (in, out/groups, kh, kw), b (out).
 * Output s (H - 1) + dk - 2p unless outsize is given; an outsize must be one that a
 * convolution with the same parameters maps back to H (with or without coverAll).
 */
export function deconvolution2d(x: VariableLike, W: VariableLike, b?: VariableLike | null | Deconvolution2DOptions, stride?: Pair | Deconvolution2DOptions,
                                pad?: Pair | Deconvolution2DOptions, outsize?: Outsize | Deconvolution2DOptions, options?: Deconvolution2DOptions): Variable {
  const fn = 'deconvolution2d';
  const o = readArguments(fn, [b, stride, pad, outsize, options], ['b', 'stride', 'pad', 'outsize'],
    { b: null as VariableLike | null, ...CONV2D_DEFAULTS, outsize: null as Outsize });
  const [vx, vW, vb] = convInputs(fn, x, W, o.b);
  const p = parseConv2DOptions(fn, o);
  checkRank(fn, 'W', vW, 4, '(in, out/groups, kh, kw)');
  const [, C, H, Wd] = vx.shape;
  const [Cin, CoutG, kh, kw] = vW.shape;
  if (C !== Cin) throw new RangeError(`${fn}: x.shape[1] (${C}) must equal W.shape[0] (${Cin})`);
  if (Cin % p.groups !== 0) throw new RangeError(`${fn}: W.shape[0] (${Cin}) must be divisible by groups (${p.groups})`);
  checkBias(fn, vb, CoutG * p.groups);
  let outH = deconvOutsize(H, kh, p.sy, p.ph, false, p.dy), outW = deconvOutsize(Wd, kw, p.sx, p.pw, false, p.dx);
  if (o.outsize != null) {
    [outH, outW] = outsizePair(fn, o.outsize, [outH, outW]);
    const fits = (out: number, size: number, k: number, s: number, pad: number, d: number) =>
      convOutsize(out, k, s, pad, false, d) <= size && size <= convOutsize(out, k, s, pad, true, d);
    if (!fits(outH, H, kh, p.sy, p.ph, p.dy) || !fits(outW, Wd, kw, p.sx, p.pw, p.dx)) {
      throw new RangeError(`${fn}: outsize (${outH}, ${outW}) does not match input ${shapeString(vx.shape)}: ` +
        `a convolution with kernel ${kh}x${kw}, stride (${p.sy}, ${p.sx}), pad (${p.ph}, ${p.pw}) maps it to ` +
        `${convOutsize(outH, kh, p.sy, p.ph, false, p.dy)}x${convOutsize(outW, kw, p.sx, p.pw, false, p.dx)}`);
    }
  }
  checkOutsize(fn, outH, outW, vx.shape, kh, kw, p);
  return deconvolution2dWithOutsize(vx, vW, vb, p, outH, outW);
}

keepsNoGradients(Deconvolution2DFunction);
