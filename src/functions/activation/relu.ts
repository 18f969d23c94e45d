// Piecewise-linear activations: relu, leakyRelu, clippedRelu and hardSigmoid. Each
// gradient is gy times a constant mask of the forward pass, so it differentiates again
// (to zero second derivative, as in Chainer).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { mul } from '../math/basic-math';
import { finiteNumber, floatInput } from '../math/input';

/** y = f(x) with dy/dx a piecewise-constant array known in forward. */
abstract class PiecewiseLinear extends FunctionNode {
  private slope: NDArray | null = null;
  protected abstract compute(x: NDArray): { y: NDArray; slope: NDArray };
  forward([x]: NDArray[]): NDArray[] {
    const { y, slope } = this.compute(x);
    this.slope = slope;
    return [y];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    return [mul(gy!, this.slope!)];
  }
}

const asFloat = (mask: NDArray) => ops.cast(mask, 'float32');

export class ReLU extends PiecewiseLinear {
  protected compute(x: NDArray) {
    const y = ops.relu(x);
    return { y, slope: asFloat(ops.greater(y, 0)) };
  }
}

export class LeakyReLU extends PiecewiseLinear {
  constructor(readonly slopeValue: number) { super(); }
  protected compute(x: NDArray) {
    // Chainer scales where x < 0 only, so the gradient at 0 is 1.
    const slope = ops.cast(ops.where(ops.less(x, 0), this.slopeValue, 1), 'float32');
    return { y: ops.mul(x, slope), slope };
  }
}

export class ClippedReLU extends PiecewiseLinear {
  constructor(readonly z: number) { super(); }
  protected compute(x: NDArray) {
    // Gradient 1 on the open interval (0, z), as Chainer's ClippedReLU.
    const inside = ops.mul(ops.greater(x, 0), ops.less(x, this.z));
    return { y: ops.clip(x, 0, this.z), slope: asFloat(inside) };
  }
}

export class HardSigmoid extends PiecewiseLinear {
  protected compute(x: NDArray) {
    // clip(0.2 x + 0.5, 0, 1), slope 0.2 strictly inside (-2.5, 2.5).
    const inside = ops.mul(ops.greater(x, -2.5), ops.less(x, 2.5));
    return { y: ops.clip(ops.add(ops.mul(x, 0.2), 0.5), 0, 1), slope: ops.mul(asFloat(inside), 0.2) };
  }
}

/** max(0, x). */
export function relu(x: VariableLike): Variable {
  return new ReLU().apply([floatInput('relu', 'x', x)])[0];
}

/** x where x >= 0, slope * x elsewhere; slope 0.2 as in Chainer. */
export function leakyRelu(x: VariableLike, options: { slope?: number } = {}): Variable {
  const v = floatInput('leakyRelu', 'x', x);
  return new LeakyReLU(finiteNumber('leakyRelu', 'slope', options.slope ?? 0.2)).apply([v])[0];
}

/** min(max(0, x), z); z 20 as in Chainer. */
export function clippedRelu(x: VariableLike, options: { z?: number } = {}): Variable {
  const v = floatInput('clippedRelu', 'x', x);
  const z = finiteNumber('clippedRelu', 'z', options.z ?? 20);
  if (z <= 0) throw new RangeError(`clippedRelu: z must be positive, got ${z}`);
  return new ClippedReLU(z).apply([v])[0];
}

/** clip(0.2 x + 0.5, 0, 1). */
export function hardSigmoid(x: VariableLike): Variable {
  return new HardSigmoid().apply([floatInput('hardSigmoid', 'x', x)])[0];
}
