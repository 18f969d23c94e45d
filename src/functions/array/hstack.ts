// Hstack, Vstack, Dstack: numpy's stacking helpers. Each lifts its inputs to a minimum
// number of dimensions, concatenates along one axis, and splits the gradient back.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { checkJoinable, splitPointsOf } from './join-check';
import { reshape } from './reshape';
import { splitAxis } from './split-axis';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];

export abstract class StackAlong extends FunctionNode {
  /** The shape an input takes before the concatenation (public for exporters). */
  abstract lift(shape: readonly number[]): number[];
  /** The concatenation axis for inputs of `ndim` dimensions (before lifting). */
  abstract axisFor(ndim: number): number;

  forward(xs: NDArray[]): NDArray[] {
    const name = this.label.toLowerCase();
    const ndim = xs[0]?.ndim ?? 0;
    const axis = this.axisFor(ndim);
    // Chainer compares the inputs' own dimensions before any lifting: vstack of (3,) and
    // (2, 3) is an error there, though numpy would take (3,) as a row.
    xs.forEach((x, i) => {
      if (x.ndim !== ndim) throw new RangeError(`${name}: xs[${i}] has shape ${shapeString(x.shape)} but xs[0] has ${shapeString(xs[0].shape)}; all inputs must have one number of dimensions`);
    });
    checkJoinable(name, xs.map((x) => ({ shape: this.lift(x.shape), dtype: x.dtype })), axis);
    return [ops.concat(xs.map((x) => ops.reshape(x, this.lift(x.shape))), axis)];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    const xs = this.inputs;
    const axis = this.axisFor(xs[0].ndim);
    const lifted = xs.map((x) => ({ shape: this.lift(x.shape) }));
    const parts = xs.length === 1 ? [gy!] : splitAxis(gy!, splitPointsOf(lifted, axis), axis);
    return parts.map((g, i) => reshape(g, xs[i].shape));
  }
}

/** numpy.atleast_1d/2d/3d shapes. */
const atLeast1d = (s: readonly number[]) => (s.length === 0 ? [1] : [...s]);
const atLeast2d = (s: readonly number[]) => (s.length === 0 ? [1, 1] : s.length === 1 ? [1, s[0]] : [...s]);
const atLeast3d = (s: readonly number[]) => (s.length === 0 ? [1, 1, 1] : s.length === 1 ? [1, s[0], 1] : s.length === 2 ? [...s, 1] : [...s]);

export class Hstack extends StackAlong {
  lift(shape: readonly number[]): number[] { return atLeast1d(shape); }
  axisFor(ndim: number): number { return ndim <= 1 ? 0 : 1; }
}

export class Vstack extends StackAlong {
  lift(shape: readonly number[]): number[] { return atLeast2d(shape); }
  axisFor(): number { return 0; }
}

export class Dstack extends StackAlong {
  lift(shape: readonly number[]): number[] { return atLeast3d(shape); }
  axisFor(): number { return 2; }
}

function inputs(op: string, xs: readonly VariableLike[]): Variable[] {
  if (!Array.isArray(xs) || xs.length === 0) throw new RangeError(`${op}: xs must be a non-empty list of Variables or NDArrays`);
  return xs.map((x, i) => asVariable(x, `${op}: xs[${i}]`));
}

/** numpy.hstack: along axis 1, or axis 0 for 1-D inputs. */
export function hstack(xs: readonly VariableLike[]): Variable {
  if (arguments.length > 1) surplusArguments('hstack', arguments, 'xs');
  return new Hstack().apply(inputs('hstack', xs))[0];
}

/** numpy.vstack: along axis 0, 1-D inputs (n,) taken as (1, n). */
export function vstack(xs: readonly VariableLike[]): Variable {
  if (arguments.length > 1) surplusArguments('vstack', arguments, 'xs');
  return new Vstack().apply(inputs('vstack', xs))[0];
}

/** numpy.dstack: along axis 2, inputs taken as at least 3-D ((n,) -> (1, n, 1), (m, n) -> (m, n, 1)). */
export function dstack(xs: readonly VariableLike[]): Variable {
  if (arguments.length > 1) surplusArguments('dstack', arguments, 'xs');
  return new Dstack().apply(inputs('dstack', xs))[0];
}

keepsNoGradients(Hstack, Vstack, Dstack);
