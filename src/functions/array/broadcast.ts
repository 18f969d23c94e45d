// broadcastTo and sumTo: each is the other's gradient.
import * as ops from '../../array/ops/index';
import { checkShape, shapesEqual } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import type { NDArray } from '../../array/ndarray';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

export class BroadcastTo extends FunctionNode {
  private inShape: readonly number[] = [];
  constructor(readonly shape: readonly number[]) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.inShape = x.shape;
    return [ops.broadcastTo(x, this.shape)];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    return [sumTo(gy!, this.inShape)];
  }
}

export class SumTo extends FunctionNode {
  private inShape: readonly number[] = [];
  constructor(readonly shape: readonly number[]) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.inShape = x.shape;
    return [ops.sumTo(x, this.shape)];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    return [broadcastTo(gy!, this.inShape)];
  }
}

/** Broadcasts x to shape (numpy rules); the gradient sums back. */
export function broadcastTo(x: VariableLike, shape: readonly number[]): Variable {
  if (arguments.length > 2) surplusArguments('broadcastTo', arguments, 'x, shape');
  const v = asVariable(x, 'broadcastTo: x');
  checkShape('broadcastTo', shape);
  if (shapesEqual(v.shape, shape)) return v;
  return new BroadcastTo([...shape]).apply([v])[0];
}

/** Sums x over broadcast axes so that it gets `shape`. */
export function sumTo(x: VariableLike, shape: readonly number[]): Variable {
  if (arguments.length > 2) surplusArguments('sumTo', arguments, 'x, shape');
  const v = asVariable(x, 'sumTo: x');
  checkShape('sumTo', shape);
  if (shapesEqual(v.shape, shape)) return v;
  return new SumTo([...shape]).apply([v])[0];
}

keepsNoGradients(BroadcastTo, SumTo);
