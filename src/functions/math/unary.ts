// Base of the elementwise functions y = f(x) whose gradient is gy * f'(x), with f' written
// in differentiable functions of x and y so that the result can be differentiated again.
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { surplusArguments } from '../../util/options';
import { mul } from './basic-math';
import { floatInput } from './input';

export abstract class UnaryFunction extends FunctionNode {
  /** y = f(x) on arrays. */
  protected abstract compute(x: NDArray): NDArray;
  /** f'(x), given x and y = f(x) as Variables. */
  protected abstract derivative(x: Variable, y: Variable): Variable;
  /** gx from gy; functions whose Chainer gradient divides gy (gy / x) say so here, as it rounds apart from gy (1 / x). */
  protected gradient(gy: Variable, x: Variable, y: Variable): Variable {
    return mul(gy, this.derivative(x, y));
  }

  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    this.retainOutputs([0]);
    return [this.compute(x)];
  }

  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [x] = this.getRetainedInputs();
    const [y] = this.getRetainedOutputs();
    return [this.gradient(gy!, x, y)];
  }
}

/**
 * F's `fn(x)` for a one-input FunctionNode: x as a float Variable, and nothing after it. The
 * function is named fn, as printed models show it (Sequential's `<function exp>`).
 */
export function unaryEntry(fn: string, Node: new () => FunctionNode): (x: VariableLike) => Variable {
  const entry = function (x: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments(fn, arguments, 'x');
    return new Node().apply([floatInput(fn, 'x', x)])[0];
  };
  return Object.defineProperty(entry, 'name', { value: fn });
}
