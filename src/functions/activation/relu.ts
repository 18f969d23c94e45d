// Piecewise-linear activations: relu, leakyRelu, clippedRelu and hardSigmoid. Each
// gradient is gy times a constant mask of the input, so it differentiates again (to zero
// second derivative, as in Chainer). relu keeps only its output, as Chainer's ReLU: the
// mask y > 0 is applied in one pass by ReLUGrad2 when backward runs.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { mul } from '../math/basic-math';
import { finiteNumber, floatInput } from '../math/input';
import { readArguments, surplusArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

/**
 * y = f(x) with dy/dx piecewise constant. The slope array is built in backward from the
 * retained input, so inference pays for one forward kernel only.
 */
abstract class PiecewiseLinear extends FunctionNode {
  protected abstract compute(x: NDArray): NDArray;
  protected abstract slope(x: NDArray): NDArray;
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [this.compute(x)];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    return [mul(gy!, this.slope(this.getRetainedInputs()[0].array))];
  }
}

const asFloat = (mask: NDArray) => ops.cast(mask, 'float32');
/** 1 where lo < x < hi, else 0. */
const openInterval = (x: NDArray, lo: number, hi: number) => asFloat(ops.mul(ops.greater(x, lo), ops.less(x, hi)));

export class ReLU extends FunctionNode {
  forward([x]: NDArray[]): NDArray[] {
    this.retainOutputs([0]);
    return [ops.relu(x)];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [y] = this.getRetainedOutputs();
    return new ReLUGrad2(y.array).apply([gy!]);
  }
}

/** gx = gy [y > 0] for a constant y: linear in gy, so its gradient is itself again. */
export class ReLUGrad2 extends FunctionNode {
  constructor(readonly y: NDArray) { super(); }
  forward([gy]: NDArray[]): NDArray[] {
    return [ops.reluGrad(this.y, gy)];
  }
  override backward(_: number[], [ggx]: (Variable | null)[]): (Variable | null)[] {
    return new ReLUGrad2(this.y).apply([ggx!]);
  }
}

export class LeakyReLU extends PiecewiseLinear {
  constructor(readonly slopeValue: number) { super(); }
  // Chainer scales where x <= 0 (y[x <= 0] *= slope), so the gradient at 0 is the slope.
  protected compute(x: NDArray) { return ops.mul(x, this.scale(x)); }
  // Its backward masks y <= 0 when slope >= 0 (x <= 0 otherwise): the same positions,
  // except x = -inf with slope 0, whose y = -inf * 0 is NaN, and which passes gy on.
  protected slope(x: NDArray) { return this.slopeValue === 0 ? this.scale(this.compute(x)) : this.scale(x); }
  private scale(c: NDArray) { return asFloat(ops.where(ops.lessEqual(c, 0), this.slopeValue, 1)); }
}

export class ClippedReLU extends PiecewiseLinear {
  constructor(readonly z: number) { super(); }
  protected compute(x: NDArray) { return ops.clip(x, 0, this.z); }
  // Gradient 1 on the open interval (0, z), as Chainer's ClippedReLU.
  protected slope(x: NDArray) { return openInterval(x, 0, this.z); }
}

export class HardSigmoid extends PiecewiseLinear {
  // clip(0.2 x + 0.5, 0, 1), slope 0.2 strictly inside (-2.5, 2.5).
  protected compute(x: NDArray) { return ops.clip(ops.add(ops.mul(x, 0.2), 0.5), 0, 1); }
  protected slope(x: NDArray) { return ops.mul(openInterval(x, -2.5, 2.5), 0.2); }
}

/** max(0, x). */
export function relu(x: VariableLike): Variable {
  if (arguments.length > 1) surplusArguments('relu', arguments, 'x');
  return new ReLU().apply([floatInput('relu', 'x', x)])[0];
}

/** x where x > 0, slope * x elsewhere; slope 0.2 as in Chainer. */
export function leakyRelu(x: VariableLike, slope?: number | { slope?: number }, options?: { slope?: number }): Variable {
  const v = floatInput('leakyRelu', 'x', x);
  const o = readArguments('leakyRelu', [slope, options], ['slope'], { slope: 0.2 });
  return new LeakyReLU(finiteNumber('leakyRelu', 'slope', o.slope)).apply([v])[0];
}

/** min(max(0, x), z); z 20 as in Chainer. */
export function clippedRelu(x: VariableLike, z?: number | { z?: number }, options?: { z?: number }): Variable {
  const v = floatInput('clippedRelu', 'x', x);
  z = finiteNumber('clippedRelu', 'z', readArguments('clippedRelu', [z, options], ['z'], { z: 20 }).z);
  if (z <= 0) throw new RangeError(`clippedRelu: z must be positive, got ${z}`);
  return new ClippedReLU(z).apply([v])[0];
}

/** clip(0.2 x + 0.5, 0, 1). */
export function hardSigmoid(x: VariableLike): Variable {
  if (arguments.length > 1) surplusArguments('hardSigmoid', arguments, 'x');
  return new HardSigmoid().apply([floatInput('hardSigmoid', 'x', x)])[0];
}

keepsNoGradients(ReLU, ReLUGrad2, LeakyReLU, ClippedReLU, HardSigmoid);
