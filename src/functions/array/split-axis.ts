// SplitAxis: numpy.split of a Variable into several outputs; the gradient concatenates
// the outputs' gradients (zeros for outputs that got none).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { zeros } from '../../array/creation';
import { normalizeAxis, shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { Variable, type VariableLike, asVariable } from '../../core/variable';
import { concat } from './concat';
import { checkAxis } from '../../util/axis';
import { checkBoolean, readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class SplitAxis extends FunctionNode {
  private axisIndex = 0;
  constructor(readonly indicesOrSections: number | readonly number[], readonly axis: number) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    const a = this.axisIndex = normalizeAxis('splitAxis', this.axis, x.ndim);
    const n = x.shape[a];
    // A negative point counts from the end and, like a slice bound, stops at 0 (numpy.split
    // of 4 at [-5] gives parts of 0 and 4).
    const points = ops.splitPoints('splitAxis', n, this.indicesOrSections).map((p) => (p < 0 ? Math.max(p + n, 0) : p));
    // The parts must tile the axis so that their gradients concatenate back (Chainer).
    points.forEach((p, i) => {
      if (p > n) throw new RangeError(`splitAxis: split point ${this.describe(i)} is out of bounds for axis ${a} with size ${n} (x ${shapeString(x.shape)})`);
      if (i > 0 && p < points[i - 1]) throw new RangeError(`splitAxis: split points (${(this.indicesOrSections as number[]).join(', ')}) must be sorted`);
    });
    return ops.split(x, points, a);
  }
  private describe(i: number): string {
    return String((this.indicesOrSections as readonly number[])[i]);
  }
  override backward(_: number[], gys: Grad): Grad {
    const x = this.inputs[0];
    const parts = gys.map((g, i) => g ?? new Variable(zeros(this.outputs[i].shape, { dtype: x.dtype, backend: x.device }), { requiresGrad: false }));
    return [concat(parts, this.axisIndex)];
  }
}

export interface SplitAxisOptions {
  axis?: number;
  /** Return a list even for a single part (default true, as Chainer). */
  forceTuple?: boolean;
}

/**
 * Splits x along an axis as numpy.split: into `n` equal sections, or at sorted split
 * points (negative points count from the end). Returns one Variable per part.
 */
export function splitAxis(x: VariableLike, indicesOrSections: number | readonly number[], axis: number | SplitAxisOptions & { forceTuple?: true }, options?: SplitAxisOptions & { forceTuple?: true }): Variable[];
export function splitAxis(x: VariableLike, indicesOrSections: number | readonly number[], axis: number | SplitAxisOptions, forceTuple?: boolean | SplitAxisOptions, options?: SplitAxisOptions): Variable | Variable[];
export function splitAxis(x: VariableLike, indicesOrSections: number | readonly number[], ...args: (number | boolean | SplitAxisOptions | undefined)[]): Variable | Variable[] {
  const o = readArguments('splitAxis', args, ['axis', 'forceTuple'], { axis: undefined as unknown, forceTuple: true });
  const forceTuple = checkBoolean('splitAxis', 'forceTuple', o.forceTuple);
  const parts = new SplitAxis(indicesOrSections, checkAxis('splitAxis', o.axis)).apply([asVariable(x, 'splitAxis: x')]);
  return !forceTuple && parts.length === 1 ? parts[0] : parts;
}

keepsNoGradients(SplitAxis);
