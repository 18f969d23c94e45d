// Argument checks shared by the math and activation functions: a Variable or NDArray of
// floats, named in errors by the function and argument.
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { checkFloat } from '../../array/ops/common';

export function floatInput(fn: string, arg: string, x: VariableLike): Variable {
  const v = asVariable(x, `${fn}: ${arg}`);
  checkFloat(fn, arg, v);
  return v;
}

export { finiteNumber } from '../../array/arguments';
