// GetItem: numpy indexing of a Variable. Its gradient scatters the output gradient back
// (GetItemGrad, numpy.add.at: repeated positions accumulate), whose gradient is GetItem
// again, so double backprop works.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { type Index, indexTuple } from '../../array/slicing';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];

export class GetItem extends FunctionNode {
  constructor(readonly plan: ops.IndexPlan) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    return [ops.applyIndex(x, this.plan)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    return new GetItemGrad(this.plan).apply([gy!]);
  }
}

export class GetItemGrad extends FunctionNode {
  constructor(readonly plan: ops.IndexPlan) { super(); }
  forward([gy]: NDArray[]): NDArray[] {
    return [ops.scatterIndex(gy, this.plan)];
  }
  override backward(_: number[], [ggx]: Grad): Grad {
    return new GetItem(this.plan).apply([ggx!]);
  }
}

/**
 * x[slices] with numpy's rules: integers (negative count from the end), slice(start,
 * stop, step) (any step, negative too), newaxis (or null), ellipsis, int32 arrays or
 * nested lists of integers, and nested lists of booleans as masks. A JS array is the
 * index tuple (`[0, slice(1, null)]` is `x[0, 1:]`); the string `'0, 1:'` means the same.
 */
export function getItem(x: VariableLike, slices: Index): Variable {
  if (arguments.length > 2) surplusArguments('getItem', arguments, 'x, slices');
  const v = asVariable(x, 'getItem: x');
  return new GetItem(ops.planIndex('getItem', v.shape, chainerTuple(slices))).apply([v])[0];
}

/**
 * Chainer's GetItem reads a list holding anything but integers and booleans as the index
 * tuple: x[[[0, 1], [2, 2]]] is x[[0, 1], [2, 2]] (numpy 1.23+ would make it one array).
 * The string form follows it; a JS array already is the tuple. A list of booleans is one
 * mask (F.get_item(x, [True, False, True])): as a tuple it would be scalar booleans.
 */
function chainerTuple(slices: Index): Index {
  if (Array.isArray(slices) && slices.length > 0 && slices.every((v) => typeof v === 'boolean')) return [slices];
  if (typeof slices !== 'string') return slices;
  const items = indexTuple('getItem', slices);
  const only = items[0];
  if (items.length === 1 && Array.isArray(only) && !only.every((v) => typeof v === 'number' || typeof v === 'boolean')) return [...only];
  return items;
}

keepsNoGradients(GetItem, GetItemGrad);
