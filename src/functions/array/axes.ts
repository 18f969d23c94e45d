// Swapaxes, Moveaxis and Rollaxis: transposes under numpy's names. Each gradient is the
// inverse move, expressed with the same function so the graph reads like Chainer's.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { normalizeAxis } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { checkAxis } from '../../util/axis';
import { readArguments, surplusArguments } from '../../util/options';
import { floatInput } from '../math/input';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];
type Axes = number | readonly number[];

export class Swapaxes extends FunctionNode {
  constructor(readonly axis1: number, readonly axis2: number) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.swapaxes(x, this.axis1, this.axis2)]; }
  override backward(_: number[], [gy]: Grad): Grad {
    return new Swapaxes(this.axis1, this.axis2).apply([gy!]);
  }
}

export class Moveaxis extends FunctionNode {
  constructor(readonly source: Axes, readonly destination: Axes) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.moveaxis(x, this.source, this.destination)]; }
  override backward(_: number[], [gy]: Grad): Grad {
    return new Moveaxis(this.destination, this.source).apply([gy!]);
  }
}

export class Rollaxis extends FunctionNode {
  constructor(readonly axis: number, readonly start: number) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.rollaxis(x, this.axis, this.start)]; }
  override backward(_: number[], [gy]: Grad): Grad {
    // The rolled axis now sits at `start` (one less when it came from before it; where
    // axis == start nothing moved); roll it back to where it was.
    const n = this.inputs[0].ndim;
    let axis = normalizeAxis('rollaxis', this.axis, n);
    let start = this.start < 0 ? this.start + n : this.start;
    if (axis > start) axis += 1;
    else if (axis < start) start -= 1;
    return new Rollaxis(start, axis).apply([gy!]);
  }
}

/** Interchanges two axes. */
interface SwapaxesOptions { axis1?: number; axis2?: number }
interface RollaxisOptions { axis?: number; start?: number }

export function swapaxes(x: VariableLike, axis1: number | SwapaxesOptions, axis2?: number | SwapaxesOptions, options?: SwapaxesOptions): Variable {
  const o = readArguments('swapaxes', [axis1, axis2, options], ['axis1', 'axis2'], { axis1: undefined as unknown, axis2: undefined as unknown });
  return new Swapaxes(checkAxis('swapaxes', o.axis1, 'axis1'), checkAxis('swapaxes', o.axis2, 'axis2')).apply([asVariable(x, 'swapaxes: x')])[0];
}

/** Moves axes to new positions; the other axes keep their order (numpy.moveaxis). */
export function moveaxis(x: VariableLike, source: Axes, destination: Axes): Variable {
  if (arguments.length > 3) surplusArguments('moveaxis', arguments, 'x, source, destination');
  // Chainer's Moveaxis takes floats only (swapaxes and rollaxis take int32 too).
  const v = floatInput('moveaxis', 'x', x);
  ops.moveaxisPerm('moveaxis', v.ndim, source, destination);
  return new Moveaxis(typeof source === 'number' ? source : [...source], typeof destination === 'number' ? destination : [...destination]).apply([v])[0];
}

/** Rolls an axis backwards until it lies before position start (numpy.rollaxis). */
export function rollaxis(x: VariableLike, axis: number | RollaxisOptions, start?: number | RollaxisOptions, options?: RollaxisOptions): Variable {
  const o = readArguments('rollaxis', [axis, start, options], ['axis', 'start'], { axis: undefined as unknown, start: 0 as unknown });
  return new Rollaxis(checkAxis('rollaxis', o.axis), checkAxis('rollaxis', o.start, 'start')).apply([asVariable(x, 'rollaxis: x')])[0];
}

keepsNoGradients(Swapaxes, Moveaxis, Rollaxis);
