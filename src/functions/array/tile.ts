// Tile: numpy.tile of a Variable. The gradient views gy with the repetitions as separate
// axes and sums them away (differentiable, so double backprop works).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { sum } from '../math/sum';
import { reshape } from './reshape';
import { showValue, surplusArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class Tile extends FunctionNode {
  constructor(readonly reps: number | readonly number[]) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.tile(x, this.reps)]; }
  override backward(_: number[], [gy]: Grad): Grad {
    const inShape = this.inputs[0].shape;
    const reps = typeof this.reps === 'number' ? [this.reps] : [...this.reps];
    const n = Math.max(reps.length, inShape.length);
    const shape = [...new Array(n - inShape.length).fill(1), ...inShape];
    const rr = [...new Array(n - reps.length).fill(1), ...reps];
    const split = shape.flatMap((d, i) => [rr[i], d]);
    const repAxes = shape.map((_, i) => 2 * i);
    return [reshape(sum(reshape(gy!, split), repAxes), inShape)];
  }
}

/**
 * Repeats the whole of x reps[i] times along axis i; reps and x.shape are aligned at the
 * end, the shorter padded with ones (numpy.tile).
 */
export function tile(x: VariableLike, reps: number | readonly number[]): Variable {
  if (arguments.length > 2) surplusArguments('tile', arguments, 'x, reps');
  if (typeof reps !== 'number' && !Array.isArray(reps)) throw new TypeError(`tile: reps must be a non-negative integer or a list of them, got ${showValue(reps)}`);
  return new Tile(typeof reps === 'number' ? reps : [...reps]).apply([asVariable(x, 'tile: x')])[0];
}

keepsNoGradients(Tile);
