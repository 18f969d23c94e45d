// softmax and its gradient node (Chainer's Softmax and _SoftmaxGrad): the first-order
// gradient runs as one kernel, and is itself differentiable.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { mul, sub } from '../math/basic-math';
import { floatInput } from '../math/input';
import { sum } from '../math/sum';
import { checkMaxAxes, readAxis } from '../../util/axis';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class Softmax extends FunctionNode {
  constructor(readonly axis: number) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainOutputs([0]);
    return [ops.softmax(x, this.axis)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [y] = this.getRetainedOutputs();
    return new SoftmaxGrad(this.axis).apply([y, gy!]);
  }
}

/** gx = y gy - y sum(y gy) for y = softmax(x). */
export class SoftmaxGrad extends FunctionNode {
  constructor(readonly axis: number) { super(); }
  forward([y, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.softmaxGrad(y, gy, this.axis)];
  }
  override backward(indexes: number[], [ggx]: Grad): Grad {
    const [y, gy] = this.getRetainedInputs();
    const a = this.axis;
    // With s = sum(y gy) and t = sum(ggx y), in Chainer's order (ga = ggx - t):
    //   d/dy  = ga gy - ggx s,   d/dgy = ga y
    const ga = sub(ggx!, sum(mul(ggx!, y), a, true));
    return [
      indexes.includes(0) ? sub(mul(ga, gy), mul(ggx!, sum(mul(y, gy), a, true))) : null,
      indexes.includes(1) ? mul(ga, y) : null,
    ];
  }
}

export interface AxisOptions {
  axis?: number;
}

/** The axis of softmax-like functions, positional as Chainer's or in the options, default 1. */
export function axisOption(fn: string, x: Variable, axis: AxisOptions | number | undefined, options: AxisOptions | undefined): number {
  const a = readAxis(fn, readArguments(fn, [axis, options], ['axis'], { axis: 1 }).axis, x.ndim);
  checkMaxAxes(fn, x.shape, [a]);
  return a;
}

/** exp(x) / sum(exp(x)) along `axis`, 1 by default as in Chainer. */
export function softmax(x: VariableLike, axis?: AxisOptions | number, options?: AxisOptions): Variable {
  const v = floatInput('softmax', 'x', x);
  return new Softmax(axisOption('softmax', v, axis, options)).apply([v])[0];
}

keepsNoGradients(Softmax, SoftmaxGrad);
