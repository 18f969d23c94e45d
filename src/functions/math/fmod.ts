// fmod: the remainder of x / divisor with the sign of x (C fmod), Chainer's Fmod.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { sumTo } from '../array/broadcast';
import { mul, neg } from './basic-math';
import { floatInput } from './input';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

/** trunc(a / b): the integer quotient fmod removed (a constant for the gradient). */
function truncatedQuotient(a: NDArray, b: NDArray): NDArray {
  const q = ops.div(a, b);
  return ops.mul(ops.sign(q), ops.floor(ops.abs(q)));
}

export class Fmod extends FunctionNode {
  forward([x, d]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.fmod(x, d)];
  }
  override backward(indexes: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [x, d] = this.getRetainedInputs();
    // fmod(x, d) = x - trunc(x / d) d: slope 1 in x and -trunc(x / d) in d.
    return [
      indexes.includes(0) ? sumTo(gy!, x.shape) : null,
      indexes.includes(1) ? sumTo(neg(mul(gy!, truncatedQuotient(x.array, d.array))), d.shape) : null,
    ];
  }
}

export function fmod(x: VariableLike, divisor: VariableLike): Variable {
  if (arguments.length > 2) surplusArguments('fmod', arguments, 'x, divisor');
  const a = floatInput('fmod', 'x', x), b = floatInput('fmod', 'divisor', divisor);
  return new Fmod().apply([a, b])[0];
}

keepsNoGradients(Fmod);
