// Where: elementwise choice by an int32 mask (our boolean). The gradient goes to x where
// the condition holds and to y elsewhere, summed back over broadcast axes.
import * as ops from '../../array/ops/index';
import { NDArray } from '../../array/ndarray';
import { full } from '../../array/creation';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { Variable, type VariableLike, asVariable } from '../../core/variable';
import { sumTo } from './broadcast';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];

export class Where extends FunctionNode {
  /** @param source the Variable the condition was given as, if any (a model's input, which an export reads at run time) */
  constructor(readonly condition: NDArray, readonly source: Variable | null = null) { super(); }
  forward([x, y]: NDArray[]): NDArray[] {
    if (x.dtype !== y.dtype) throw new TypeError(`where: x (${x.dtype}) and y (${y.dtype}) must have the same dtype`);
    return [ops.where(this.condition, x, y)];
  }
  override backward(indexes: number[], [g]: Grad): Grad {
    const zero = full([], 0, { dtype: g!.dtype, backend: g!.device });
    return [
      indexes.includes(0) ? sumTo(new Where(this.condition).apply([g!, zero])[0], this.inputs[0].shape) : null,
      indexes.includes(1) ? sumTo(new Where(this.condition).apply([zero, g!])[0], this.inputs[1].shape) : null,
    ];
  }
}

/**
 * condition ? x : y elementwise, broadcasting all three. condition is an int32 mask
 * (nonzero is true), a constant; x and y may be numbers.
 */
export function where(condition: VariableLike, x: VariableLike | number, y: VariableLike | number): Variable {
  if (arguments.length > 3) surplusArguments('where', arguments, 'condition, x, y');
  const c = condition instanceof Variable ? condition.array : condition;
  if (!(c instanceof NDArray)) throw new TypeError('where: condition must be an int32 NDArray or Variable');
  if (c.dtype !== 'int32') throw new TypeError(`where: condition must be an int32 mask, got ${c.dtype} ${shapeString(c.shape)}`);
  const like = [x, y].find((v) => typeof v !== 'number') as VariableLike | undefined;
  const dtype = like ? (like instanceof Variable ? like.dtype : like.dtype) : 'float32';
  const constant = (v: number) => full([], v, { dtype: dtype === 'int32' && !Number.isInteger(v) ? 'float32' : dtype, backend: c.device });
  const xv = typeof x === 'number' ? constant(x) : asVariable(x, 'where: x');
  const yv = typeof y === 'number' ? constant(y) : asVariable(y, 'where: y');
  return new Where(c, condition instanceof Variable ? condition : null).apply([xv, yv])[0];
}

keepsNoGradients(Where);
