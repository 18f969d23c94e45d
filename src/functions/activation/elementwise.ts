// Elementwise activations whose derivative is a function of the output. As in Chainer, the
// gradient is a node of its own (TanhGrad, SigmoidGrad) computed in one pass, and that
// node is differentiable again.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { mul, sub } from '../math/basic-math';
import { floatInput } from '../math/input';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];

export class Tanh extends FunctionNode {
  forward([x]: NDArray[]): NDArray[] {
    this.retainOutputs([0]);
    return [ops.tanh(x)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [y] = this.getRetainedOutputs();
    return new TanhGrad().apply([y, gy!]);
  }
}

/** gx = gy (1 - y^2) from (y, gy). */
export class TanhGrad extends FunctionNode {
  forward([y, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.tanhGrad(y, gy)];
  }
  override backward(_: number[], [ggx]: Grad): Grad {
    const [y, gy] = this.getRetainedInputs();
    // d/dy = -2 gy y ggx, d/dgy = (1 - y^2) ggx
    const yg = mul(y, ggx!);
    return [mul(mul(gy, yg), -2), sub(ggx!, mul(y, yg))];
  }
}

export class Sigmoid extends FunctionNode {
  forward([x]: NDArray[]): NDArray[] {
    this.retainOutputs([0]);
    return [ops.sigmoid(x)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [y] = this.getRetainedOutputs();
    return new SigmoidGrad().apply([y, gy!]);
  }
}

/** gx = gy y (1 - y) from (y, gy). */
export class SigmoidGrad extends FunctionNode {
  forward([y, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.sigmoidGrad(y, gy)];
  }
  override backward(_: number[], [ggx]: Grad): Grad {
    const [y, gy] = this.getRetainedInputs();
    // d/dy = ggx gy (1 - 2y), d/dgy = ggx y (1 - y)
    return [mul(mul(ggx!, gy), sub(1, mul(y, 2))), mul(ggx!, mul(y, sub(1, y)))];
  }
}

export function tanh(x: VariableLike): Variable {
  if (arguments.length > 1) surplusArguments('tanh', arguments, 'x');
  return new Tanh().apply([floatInput('tanh', 'x', x)])[0];
}

export function sigmoid(x: VariableLike): Variable {
  if (arguments.length > 1) surplusArguments('sigmoid', arguments, 'x');
  return new Sigmoid().apply([floatInput('sigmoid', 'x', x)])[0];
}

keepsNoGradients(Tanh, TanhGrad, Sigmoid, SigmoidGrad);
