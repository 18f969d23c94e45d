// Pad: numpy.pad of a Variable. The gradient (PadGrad) keeps the interior for constant
// padding and adds every copied element back into its source for the other modes: the
// derivative, which numerical gradient checks hold it to. (Chainer's Pad keeps only the
// interior in every mode, so its gradient of 'edge', 'reflect', 'symmetric' and 'wrap'
// padding leaves out what the copies received.)
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class Pad extends FunctionNode {
  constructor(readonly padWidth: ops.PadWidth, readonly mode: ops.PadMode, readonly constantValues: ops.PadWidth = 0) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    return [ops.pad(x, this.padWidth, this.mode, { constantValues: this.constantValues })];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    return new PadGrad(this.inputs[0].shape, this.padWidth, this.mode).apply([gy!]);
  }
}

export class PadGrad extends FunctionNode {
  constructor(readonly inShape: readonly number[], readonly padWidth: ops.PadWidth, readonly mode: ops.PadMode) { super(); }
  forward([gy]: NDArray[]): NDArray[] {
    return [ops.padGrad(gy, this.inShape, this.padWidth, this.mode)];
  }
  override backward(_: number[], [ggx]: Grad): Grad {
    return new Pad(this.padWidth, this.mode, 0).apply([ggx!]);
  }
}

/**
 * Pads x as numpy.pad: padWidth is a number, [before, after] or one pair per axis; mode
 * is 'constant' (default, filled with constantValues), 'edge', 'reflect', 'symmetric' or
 * 'wrap'. Gradients are exact in every mode.
 */
export function pad(x: VariableLike, padWidth: ops.PadWidth, mode: ops.PadMode | ops.PadOptions = 'constant', options?: ops.PadOptions): Variable {
  const v = asVariable(x, 'pad: x');
  const o = readArguments('pad', [mode, options], ['mode'], { mode: 'constant' as ops.PadMode, constantValues: 0 as ops.PadWidth });
  if (v.dtype !== 'float32') throw new TypeError(`pad: x must be float32, got ${v.dtype} (use ops.pad for int32 arrays)`);
  // Check the arguments now, so a mistake is reported at the call.
  ops.padPairs('pad', 'padWidth', padWidth, v.ndim, true);
  return new Pad(padWidth, o.mode, o.constantValues).apply([v])[0];
}

keepsNoGradients(Pad, PadGrad);
