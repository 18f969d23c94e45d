import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { shapesEqual } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { showValue, surplusArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

export class Reshape extends FunctionNode {
  private inShape: readonly number[] = [];
  constructor(readonly shape: readonly number[]) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.inShape = x.shape;
    return [ops.reshape(x, this.shape)];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    return [reshape(gy!, this.inShape)];
  }
}

/** Same data in a new shape; one dimension may be -1. */
export function reshape(x: VariableLike, shape: readonly number[]): Variable {
  if (arguments.length > 2) surplusArguments('reshape', arguments, 'x, shape');
  const v = asVariable(x, 'reshape: x');
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new TypeError(`reshape: shape must be a list of non-negative integers (one may be -1), got ${showValue(shape)}`);
  }
  if (shapesEqual(v.shape, shape)) return v;
  return new Reshape([...shape]).apply([v])[0];
}

keepsNoGradients(Reshape);
