// Cast: converts dtype; float -> int32 truncates toward zero. The gradient is cast back
// to the input's dtype, and only a float input receives one.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { type DType, checkDType } from '../../array/dtype';
import { config } from '../../core/config';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];

export class Cast extends FunctionNode {
  private inType: DType = 'float32';
  constructor(readonly type: DType) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.inType = x.dtype;
    return [ops.cast(x, this.type)];
  }
  override backward(_: number[], [g]: Grad): Grad {
    return [this.inType === 'float32' ? cast(g!, this.inType) : null];
  }
}

/**
 * x converted to dtype, 'float32' or 'int32' (the only dtypes: the kernels compute in 32
 * bits); float -> int32 truncates toward zero.
 */
export function cast(x: VariableLike, dtype: DType): Variable {
  if (arguments.length > 2) surplusArguments('cast', arguments, 'x, dtype');
  checkDType('cast', dtype);
  const v = asVariable(x, 'cast: x');
  // Same dtype without backprop: nothing to record (Chainer).
  if (v.dtype === dtype && !config.enableBackprop) return v;
  return new Cast(dtype).apply([v])[0];
}

keepsNoGradients(Cast);
