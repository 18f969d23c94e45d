// Depthwise convolution: every input channel c has its own `multiplier` filters, and
// output channel c * multiplier + m is channel c filtered by W[m, c]. It is a grouped
// convolution with one group per input channel and the weight's two leading axes swapped.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { reshape } from '../array/reshape';
import { transpose } from '../array/transpose';
import { checkRank } from './check';
import { convForward } from './conv-arrays';
import { type Conv2DParams, type Pair, checkOutsize, convOutsize, parseConv2DOptions } from './conv-geometry';
import { checkBias, convInputs, channelSum, weightGrad as groupedWeightGrad } from './convolution-2d';
import { deconvolution2dWithOutsize } from './deconvolution-2d';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export interface DepthwiseConvolution2DOptions {
  stride?: Pair;
  pad?: Pair;
}

/** W (M, C, kh, kw) as the grouped-convolution weight (C * M, 1, kh, kw). */
function groupedWeight(W: NDArray): NDArray {
  const [M, C, kh, kw] = W.shape;
  return ops.reshape(ops.transpose(W, [1, 0, 2, 3]), [C * M, 1, kh, kw]);
}

export class DepthwiseConvolution2D extends FunctionNode {
  constructor(readonly params: Conv2DParams, readonly outH: number, readonly outW: number) { super(); }

  forward([x, W, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [convForward(x, groupedWeight(W), b, this.params, this.outH, this.outW)];
  }

  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x, W] = this.getRetainedInputs();
    const [M, C, kh, kw] = W.shape;
    const grads: Grad = [
      indexes.includes(0)
        ? deconvolution2dWithOutsize(gy!, reshape(transpose(W, [1, 0, 2, 3]), [C * M, 1, kh, kw]), null, this.params, x.shape[2], x.shape[3])
        : null,
      indexes.includes(1) ? this.weightGrad(x, gy!) : null,
      indexes.includes(2) ? channelSum(gy!) : null,
    ];
    return grads.slice(0, this.inputs.length);
  }

  /**
   * gW (M, C, kh, kw) from the grouped weight gradient (C * M, 1, kh, kw). With one filter
   * per channel the two layouts are the same, so it may go straight into a resident gradient.
   */
  private weightGrad(x: Variable, gy: Variable): Variable | null {
    const [M, C, kh, kw] = this.inputs[1].shape;
    const sink = M === 1 ? this.gradSink(1) : null;
    if (sink) return groupedWeightGrad({ target: ops.reshape(sink.target, [C, 1, kh, kw]), fresh: sink.fresh }, x, gy, kh, kw, this.params);
    return transpose(reshape(groupedWeightGrad(null, x, gy, kh, kw, this.params)!, [C, M, kh, kw]), [1, 0, 2, 3]);
  }
}

/**
 * Chainer's F.depthwise_convolution_2d: x (N, C, H, W), W (multiplier, C, kh, kw),
 * b (C * multiplier); output channel c * multiplier + m.
 */
export function depthwiseConvolution2d(x: VariableLike, W: VariableLike, b?: VariableLike | null | DepthwiseConvolution2DOptions,
                                       stride?: Pair | DepthwiseConvolution2DOptions, pad?: Pair | DepthwiseConvolution2DOptions, options?: DepthwiseConvolution2DOptions): Variable {
  const fn = 'depthwiseConvolution2d';
  const o = readArguments(fn, [b, stride, pad, options], ['b', 'stride', 'pad'], { b: null as VariableLike | null, stride: 1 as Pair, pad: 0 as Pair });
  const [vx, vW, vb] = convInputs(fn, x, W, o.b);
  checkRank(fn, 'W', vW, 4, '(multiplier, in, kh, kw)');
  const [, C, H, Wd] = vx.shape;
  const [M, CW, kh, kw] = vW.shape;
  if (C !== CW) throw new RangeError(`${fn}: x.shape[1] (${C}) must equal W.shape[1] (${CW})`);
  checkBias(fn, vb, C * M);
  const p = parseConv2DOptions(fn, { stride: o.stride, pad: o.pad, groups: C });
  const oh = convOutsize(H, kh, p.sy, p.ph), ow = convOutsize(Wd, kw, p.sx, p.pw);
  checkOutsize(fn, oh, ow, vx.shape, kh, kw, p);
  return new DepthwiseConvolution2D(p, oh, ow).apply(vb ? [vx, vW, vb] : [vx, vW])[0];
}

keepsNoGradients(DepthwiseConvolution2D);
