import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { normalizeAxis } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { readArguments, showValue } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

export class Transpose extends FunctionNode {
  private perm: number[] = [];
  constructor(readonly axes: readonly number[] | null) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    const n = x.ndim;
    this.perm = this.axes == null ? Array.from({ length: n }, (_, i) => n - 1 - i) : this.axes.map((a) => normalizeAxis('transpose', a, n));
    return [ops.transpose(x, this.perm)];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const inverse = new Array<number>(this.perm.length);
    this.perm.forEach((p, i) => { inverse[p] = i; });
    return [transpose(gy!, inverse)];
  }
}

/** Permutes the axes; without axes reverses them. */
export function transpose(x: VariableLike, axes?: readonly number[] | null | { axes?: readonly number[] | null }, options?: { axes?: readonly number[] | null }): Variable {
  const a = readArguments('transpose', [axes, options], ['axes'], { axes: null as readonly number[] | null }).axes;
  if (a !== null && !(Array.isArray(a) && a.every(Number.isInteger))) throw new TypeError(`transpose: axes must be a list of integers or null, got ${showValue(a)}`);
  return new Transpose(a ? [...a] : null).apply([asVariable(x, 'transpose: x')])[0];
}

keepsNoGradients(Transpose);
