import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { normalizeAxis } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';

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
export function transpose(x: VariableLike, axes: readonly number[] | null = null): Variable {
  return new Transpose(axes ? [...axes] : null).apply([asVariable(x, 'transpose: x')])[0];
}
