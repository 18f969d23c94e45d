// clip, maximum, minimum, squaredDifference and linearInterpolate (Chainer's clip.py,
// maximum.py, minimum.py, squared_difference.py, linear_interpolate.py).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { shapeString, shapesEqual } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { broadcastTo, sumTo } from '../array/broadcast';
import { where } from '../array/where';
import { zerosLike } from '../../array/creation';
import { add, mul, neg, sub } from './basic-math';
import { floatInput } from './input';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments, showValue } from '../../util/options';

type Grad = (Variable | null)[];
const asFloat = (mask: NDArray) => ops.cast(mask, 'float32');

export class Clip extends FunctionNode {
  private inside: NDArray | null = null;
  constructor(readonly xMin: number | null, readonly xMax: number | null) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    let y = x;
    let inside = ops.equal(x, x);
    // The gradient passes where xMin <= x <= xMax, bounds included (Chainer).
    if (this.xMin !== null) { y = ops.maximum(y, this.xMin); inside = ops.mul(inside, ops.greaterEqual(x, this.xMin)); }
    if (this.xMax !== null) { y = ops.minimum(y, this.xMax); inside = ops.mul(inside, ops.lessEqual(x, this.xMax)); }
    this.inside = asFloat(inside);
    return [y];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    return [mul(gy!, this.inside!)];
  }
}

/** Clamps x to [xMin, xMax]; either bound may be null. */
export function clip(x: VariableLike, xMin: number | null, xMax: number | null): Variable {
  if (arguments.length > 3) surplusArguments('clip', arguments, 'x, xMin, xMax');
  const v = floatInput('clip', 'x', x);
  for (const [name, b] of [['xMin', xMin], ['xMax', xMax]] as const) {
    if (b !== null && (typeof b !== 'number' || Number.isNaN(b))) throw new TypeError(`clip: ${name} must be a number or null, got ${showValue(b)}`);
  }
  if (xMin === null && xMax === null) throw new TypeError('clip: xMin and xMax cannot both be null');
  // Chainer refuses equal bounds too (x_min must be less than x_max).
  if (xMin !== null && xMax !== null && xMin >= xMax) throw new RangeError(`clip: xMin (${xMin}) must be less than xMax (${xMax})`);
  return new Clip(xMin, xMax).apply([v])[0];
}

/**
 * Elementwise max or min; the gradient goes to x1 on ties (Chainer's cond x1 >= x2 or
 * x1 <= x2). Where an input is NaN, Chainer's maximum gives gy to x2 (where(cond, 0, gy)),
 * and its minimum to neither (gy (x1 <= x2) and gy (x1 > x2)).
 */
abstract class Extremum extends FunctionNode {
  protected abstract readonly grad: (cond: NDArray, a: readonly number[], b: readonly number[]) => ExtremumGrad;
  protected abstract pick(a: NDArray, b: NDArray): { y: NDArray; cond: NDArray };
  private cond: NDArray | null = null;
  forward([a, b]: NDArray[]): NDArray[] {
    const { y, cond } = this.pick(a, b);
    this.cond = cond;
    return [y];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [a, b] = this.inputs;
    const [ga, gb] = this.grad(this.cond!, a.shape, b.shape).apply([gy!]);
    return [indexes.includes(0) ? ga : null, indexes.includes(1) ? gb : null];
  }
}

/**
 * Chainer's MaximumGrad and MinimumGrad: gy split between x1 and x2 by the mask, and as
 * their gradient where(cond, ggx1, ggx2), which gives ggx2 where an input is NaN.
 */
abstract class ExtremumGrad extends FunctionNode {
  constructor(readonly cond: NDArray, readonly aShape: readonly number[], readonly bShape: readonly number[]) { super(); }
  protected abstract split(gy: NDArray): [NDArray, NDArray];
  forward([gy]: NDArray[]): NDArray[] {
    const [ga, gb] = this.split(gy);
    return [ops.sumTo(ga, this.aShape), ops.sumTo(gb, this.bShape)];
  }
  override backward(_: number[], [gga, ggb]: Grad): Grad {
    const shape = this.cond.shape;
    const full = (g: Variable | null) => broadcastTo(g ?? zerosLike(this.cond, { dtype: 'float32' }), shape);
    return [where(this.cond, full(gga), full(ggb))];
  }
}

/** Maximum's: where(cond, gy, 0) and where(cond, 0, gy), so an inf or NaN gy stays on one side. */
class MaximumGrad extends ExtremumGrad {
  protected split(gy: NDArray): [NDArray, NDArray] {
    return [ops.where(this.cond, gy, 0), ops.where(this.cond, 0, gy)];
  }
}

/** Minimum's: gy (x1 <= x2) and gy (x1 > x2), products as Chainer computes them. */
class MinimumGrad extends ExtremumGrad {
  constructor(cond: NDArray, readonly second: NDArray, aShape: readonly number[], bShape: readonly number[]) { super(cond, aShape, bShape); }
  protected split(gy: NDArray): [NDArray, NDArray] {
    return [ops.mul(gy, asFloat(this.cond)), ops.mul(gy, asFloat(this.second))];
  }
}

export class Maximum extends Extremum {
  protected readonly grad = (cond: NDArray, a: readonly number[], b: readonly number[]) => new MaximumGrad(cond, a, b);
  protected pick(a: NDArray, b: NDArray) { return { y: ops.maximum(a, b), cond: ops.greaterEqual(a, b) }; }
}

export class Minimum extends Extremum {
  private second: NDArray | null = null;
  protected readonly grad = (cond: NDArray, a: readonly number[], b: readonly number[]) => new MinimumGrad(cond, this.second!, a, b);
  protected pick(a: NDArray, b: NDArray) {
    this.second = ops.greater(a, b);
    return { y: ops.minimum(a, b), cond: ops.lessEqual(a, b) };
  }
}

export function maximum(x1: VariableLike, x2: VariableLike): Variable {
  if (arguments.length > 2) surplusArguments('maximum', arguments, 'x1, x2');
  return new Maximum().apply([floatInput('maximum', 'x1', x1), floatInput('maximum', 'x2', x2)])[0];
}

export function minimum(x1: VariableLike, x2: VariableLike): Variable {
  if (arguments.length > 2) surplusArguments('minimum', arguments, 'x1, x2');
  return new Minimum().apply([floatInput('minimum', 'x1', x1), floatInput('minimum', 'x2', x2)])[0];
}

/** Chainer's squared_difference is squared_error: its node is a SquaredError. */
export class SquaredError extends FunctionNode {
  forward([a, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.square(ops.sub(a, b))];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [a, b] = this.getRetainedInputs();
    const g = mul(mul(gy!, sub(a, b)), 2);
    return [
      indexes.includes(0) ? sumTo(g, a.shape) : null,
      indexes.includes(1) ? sumTo(neg(g), b.shape) : null,
    ];
  }
}

/** (x1 - x2)^2 elementwise; x1 and x2 have one shape (Chainer does not broadcast here). */
export function squaredDifference(x1: VariableLike, x2: VariableLike): Variable {
  if (arguments.length > 2) surplusArguments('squaredDifference', arguments, 'x1, x2');
  const a = floatInput('squaredDifference', 'x1', x1), b = floatInput('squaredDifference', 'x2', x2);
  if (!shapesEqual(a.shape, b.shape)) throw new RangeError(`squaredDifference: x2 ${shapeString(b.shape)} must have the shape of x1 ${shapeString(a.shape)}`);
  return new SquaredError().apply([a, b])[0];
}

export class LinearInterpolate extends FunctionNode {
  forward([p, x, y]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    // Chainer's order: p x + (1 - p) y (p (x - y) + y rounds differently, and is finite at p = inf).
    return [ops.add(ops.mul(p, x), ops.mul(ops.sub(1, p), y))];
  }
  override backward(indexes: number[], [g]: Grad): Grad {
    const [p, x, y] = this.getRetainedInputs();
    const [gp, gx, gy] = new LinearInterpolateGrad().apply([p, x, y, g!]);
    return [indexes.includes(0) ? gp : null, indexes.includes(1) ? gx : null, indexes.includes(2) ? gy : null];
  }
}

/**
 * Chainer's LinearInterpolateGrad: ((x - y) gz, p gz, gz - p gz) from (p, x, y, gz), with
 * its own backward, whose sums keep Chainer's order (differentiating the three products
 * instead rounds apart: the gradient for gz added ggy - p ggy where Chainer has (1 - p) ggy).
 */
export class LinearInterpolateGrad extends FunctionNode {
  forward([p, x, y, gz]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2, 3]);
    const pg = ops.mul(p, gz);
    return [ops.mul(ops.sub(x, y), gz), pg, ops.sub(gz, pg)];
  }
  override backward(indexes: number[], [ggp, ggx, ggy]: Grad): Grad {
    const [p, x, y, gz] = this.getRetainedInputs();
    const gx = ggp ? mul(gz, ggp) : null;
    // ggz = (x - y) ggp + p ggx + (1 - p) ggy, summed left to right over the given terms
    const terms = [ggp ? mul(sub(x, y), ggp) : null, ggx ? mul(p, ggx) : null, ggy ? mul(sub(1, p), ggy) : null].filter((t) => t !== null);
    return [
      indexes.includes(0) && (ggx || ggy) ? mul(gz, ggx && ggy ? sub(ggx, ggy) : ggx ?? neg(ggy!)) : null,
      indexes.includes(1) ? gx : null,
      indexes.includes(2) && gx ? neg(gx) : null,
      indexes.includes(3) && terms.length ? terms.reduce((s, t) => add(s, t)) : null,
    ];
  }
}

/** p x + (1 - p) y; the three arrays have one shape (Chainer). */
export function linearInterpolate(p: VariableLike, x: VariableLike, y: VariableLike): Variable {
  if (arguments.length > 3) surplusArguments('linearInterpolate', arguments, 'p, x, y');
  const vp = floatInput('linearInterpolate', 'p', p), vx = floatInput('linearInterpolate', 'x', x), vy = floatInput('linearInterpolate', 'y', y);
  for (const [name, v] of [['x', vx], ['y', vy]] as const) {
    if (!shapesEqual(v.shape, vp.shape)) throw new RangeError(`linearInterpolate: ${name} ${shapeString(v.shape)} must have the shape of p ${shapeString(vp.shape)}`);
  }
  return new LinearInterpolate().apply([vp, vx, vy])[0];
}

keepsNoGradients(Clip, Maximum, Minimum, MaximumGrad, MinimumGrad, SquaredError, LinearInterpolate, LinearInterpolateGrad);
