// Elementwise activations whose derivative is a function of the output or the input.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { mul, sub } from '../math/basic-math';
import { floatInput } from '../math/input';

type Grad = (Variable | null)[];

export class Tanh extends FunctionNode {
  forward([x]: NDArray[]): NDArray[] {
    this.retainOutputs([0]);
    return [ops.tanh(x)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [y] = this.getRetainedOutputs();
    // dy/dx = 1 - y^2
    return [mul(gy!, sub(1, mul(y, y)))];
  }
}

export class Sigmoid extends FunctionNode {
  forward([x]: NDArray[]): NDArray[] {
    this.retainOutputs([0]);
    return [ops.sigmoid(x)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [y] = this.getRetainedOutputs();
    // dy/dx = y (1 - y)
    return [mul(gy!, mul(y, sub(1, y)))];
  }
}

export function tanh(x: VariableLike): Variable {
  return new Tanh().apply([floatInput('tanh', 'x', x)])[0];
}

export function sigmoid(x: VariableLike): Variable {
  return new Sigmoid().apply([floatInput('sigmoid', 'x', x)])[0];
}
