// Where the batch axis is in each value of the traced graph. The example's sizes alone
// cannot tell (a batch of 3 after a transpose of (3, 4, 3) to (3, 4, 3) is the last axis,
// a batch of 1 is any axis of length 1), so the axis is followed from the inputs (axis 0)
// through each function node: exactly where the node moves, merges or drops axes, by the
// sizes elsewhere. A value without one (null) does not depend on the batch size.
import type { FunctionNode } from '../core/function-node';
import type { Variable } from '../core/variable';
import type { GetItem } from '../functions/array/get-item';
import type { Reshape } from '../functions/array/reshape';
import type { SplitAxis } from '../functions/array/split-axis';
import type { MatMul } from '../functions/math/matmul';
import type { Slice } from '../array/slicing';
import type { BroadcastTo } from '../functions/array/broadcast';
import type { StackAlong } from '../functions/array/hstack';
import { positiveAxis } from './converters/converter';
import { permutationOf } from './converters/permutation';

const product = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/**
 * The axis of `to` that holds the batch after a row-major reshape of `from`, whose axis
 * `axis` is the batch (its outermost factor: a reshape merged the batch with the axes after
 * it, as (B, a) to (B a)): the axis whose leading and trailing axes fit within those around
 * the batch, so that only its length scales with the batch; the one where the batch stays
 * outermost if there is one. Null when the batch is spread over several axes.
 *
 * A batch of 1 fits in any of a run of axes of length 1 ((1, 6) to (1, 1, 6)): the batch
 * keeps its place in the run, as many length-1 axes before it as it had ((1, 1, 6) to
 * (1, 6) puts it in axis 1, (1, 784) to (1, 1, 28, 28) in axis 0). A larger batch has one place.
 */
export function reshapeBatchAxis(from: readonly number[], to: readonly number[], axis: number | null, batchSize: number): number | null {
  if (axis === null || product(from) === 0) return null;
  // The batch, or the whole axis where it is a part of the batch (x[1:]).
  const factor = from[axis] % batchSize === 0 ? batchSize : from[axis];
  const before = product(from.slice(0, axis)), after = product(from) / (before * factor);
  const fits = (i: number) => before % product(to.slice(0, i)) === 0 && after % product(to.slice(i + 1)) === 0;
  const outermost = to.flatMap((_, i) => (product(to.slice(0, i)) === before && fits(i) ? [i] : []));
  if (outermost.length) {
    let ones = 0;
    while (ones < axis && from[axis - ones - 1] === 1) ones++;
    return outermost[Math.min(ones, outermost.length - 1)];
  }
  const t = to.findIndex((_, i) => fits(i));
  return t >= 0 ? t : null;
}

/**
 * The axis of F.reshape's output that holds the batch: where the sizes place it
 * (reshapeBatchAxis), unless the shape as written leaves another axis to numpy's -1 and the
 * size at the placed axis is not the batch's own (a number written into the code, not
 * x.shape[...]): that -1 then takes what another batch adds, as numpy's reshape does.
 */
export function requestedReshapeBatchAxis(from: readonly number[], to: readonly number[], requested: readonly number[], axis: number | null, batchSize: number): number | null {
  const t = reshapeBatchAxis(from, to, axis, batchSize);
  const m = requested.indexOf(-1);
  if (axis === null || m < 0 || t === m || product(from) === 0 || (t !== null && to[t] === from[axis])) return t;
  return m;
}

/** The axis of a hstack, vstack or dstack input after numpy's atleast_Nd lifts it to `ndim` axes: (n,) is a row, (1, n) or (1, n, 1). */
export function liftedAxis(axis: number, inNdim: number, ndim: number): number {
  return inNdim === 1 && ndim > 1 ? 1 : axis;
}

/** The length-1 axes numpy's atleast_Nd inserts into an `inNdim`-dimensional input lifted to `ndim` axes. */
export function liftedAxes(inNdim: number, ndim: number): number[] {
  const inserted = [...Array(ndim).keys()];
  return inNdim === 0 ? inserted : inNdim === 1 ? inserted.filter((i) => i !== 1) : inserted.slice(inNdim);
}

/** The axis after removing `removed` (sorted or not), or null if it was removed. */
function afterRemoving(axis: number, removed: readonly number[]): number | null {
  return removed.includes(axis) ? null : axis - removed.filter((r) => r < axis).length;
}

/** The axis after inserting new axes at `inserted` (positions in the result). */
function afterInserting(axis: number, inserted: readonly number[]): number {
  let a = axis;
  for (const i of [...inserted].sort((p, q) => p - q)) if (i <= a) a++;
  return a;
}

/** The reduced axes of a reduction node, positive. */
function reducedAxes(n: FunctionNode, ndim: number): number[] {
  const node = n as unknown as { axes?: readonly number[]; axis?: number | readonly number[] | null };
  const given = node.axes ?? node.axis;
  const list = given === null || given === undefined ? [...Array(ndim).keys()] : typeof given === 'number' ? [given] : [...given];
  return list.map((a) => positiveAxis(a, ndim));
}

/** A slice as written that takes a whole axis of any length (x[:], x[0:]). */
export const wholeSlice = (s: Slice) => (s.step ?? 1) === 1 && (s.start ?? 0) === 0 && s.stop === null;

/**
 * Whether a slice as written takes a number of positions that follows the axis's length:
 * a bound open or counted from the end (x[1:], x[-2:], x[::-1]). x[1:3] takes fixed positions.
 */
export const followsLength = (s: Slice) => s.start === null || s.start < 0 || s.stop === null || s.stop < 0;

/**
 * How F.splitAxis divides the batch axis `axis` of its input: into a number of equal parts
 * ('equal', of any length), into parts of whole batches ('batches': steps concatenated along
 * the batch, as nStepLstm's rows, split at multiples of the batch), at positions of a single
 * batch ('positions': the last part is the rest of the batch), or neither (null: parts of
 * the example's sizes only).
 */
export function batchSplit(node: FunctionNode, axis: number, batchSize: number): 'equal' | 'batches' | 'positions' | null {
  if (typeof (node as SplitAxis).indicesOrSections === 'number') return 'equal';
  const length = node.inputs[0].shape[axis];
  if (length === batchSize) return 'positions';
  return length % batchSize === 0 && node.outputs.every((v) => v.shape[axis] % batchSize === 0) ? 'batches' : null;
}

/** Whether x[index] takes a part of x's batch axis `axis` (x[1:], x[-2:]), not all of it in some order (x[:], x[::-1]). */
export function partOfBatch(node: FunctionNode, axis: number | null, batchSize: number): boolean {
  if (axis === null) return false;
  if (node.label === 'SplitAxis') {
    return node.outputs.length > 1 && positiveAxis((node as unknown as { axis: number }).axis, node.inputs[0].ndim) === axis && ['equal', 'positions'].includes(batchSplit(node, axis, batchSize)!);
  }
  if (node.label !== 'GetItem') return false;
  const reversed = (s: Slice) => s.start === null && s.stop === null && s.step === -1;
  return (node as GetItem).plan.basic.some((item) => item.kind === 'slice' && item.axis === axis && !wholeSlice(item.given) && !reversed(item.given));
}

/** The batch axis through x[index]: its view (slices, integers, new axes), then the gather of index arrays. */
function throughGetItem(n: GetItem, axis: number): number | null {
  const plan = n.plan;
  let position = 0, at: number | null = null;
  for (const item of plan.basic) {
    if (item.kind === 'new') { position++; continue; }
    if (item.kind === 'int') { if (item.axis === axis) return null; continue; }
    if (item.axis === axis) {
      // Rows an index array picks, and fixed positions (x[1:3]), are the example's; the
      // rest of a slice follows the batch (x[1:] is as long as the batch less one).
      if (item.kind === 'indexed' || !followsLength(item.given)) return null;
      at = position;
    }
    position++;
  }
  const a = plan.advanced;
  if (at === null || !a) return at;
  const from = a.perm ? a.perm.indexOf(at) : at;
  const k = a.axes.length;
  // The indexed axes, together at a.at, become the index arrays' axes.
  return from < a.at ? from : from - k + a.flat.shape.length;
}

/** Same-place rule: an axis of an input kept where it was (or, broadcast, counted from the end). */
function carried(node: FunctionNode, inAxes: readonly (number | null)[], out: Variable): number | null {
  for (const align of ['start', 'end'] as const) {
    for (let i = 0; i < inAxes.length; i++) {
      const a = inAxes[i];
      if (a === null) continue;
      const x = node.inputs[i];
      const b = align === 'start' ? a : a + out.ndim - x.ndim;
      if (b >= 0 && b < out.ndim && out.shape[b] === x.shape[a]) return b;
    }
  }
  return null;
}

/**
 * The batch axis of output `k` of `node`, given its inputs' (null for those without one),
 * or null when the output does not depend on the batch size.
 */
export function batchAxisOf(node: FunctionNode, inAxes: readonly (number | null)[], k: number, batchSize: number): number | null {
  const out = node.outputs[k];
  const a = inAxes[0];
  const x = node.inputs[0];
  const perm = permutationOf(node);
  if (perm) return a === null ? null : perm.indexOf(a);
  switch (node.label) {
    case 'Reshape':
      return requestedReshapeBatchAxis(x.shape, out.shape, (node as Reshape).shape, a, batchSize);
    case 'Sum': case 'Mean': case 'Max': case 'Min': case 'Prod': case 'LogSumExp': {
      if (a === null) return null;
      const axes = reducedAxes(node, x.ndim);
      const keepdims = (node as unknown as { keepdims: boolean }).keepdims;
      return axes.includes(a) ? null : keepdims ? a : afterRemoving(a, axes);
    }
    case 'SumTo': {
      const lead = x.ndim - out.ndim;
      return a === null || a < lead || (out.shape[a - lead] === 1 && x.shape[a] !== 1) ? null : a - lead;
    }
    case 'ExpandDims':
      return a === null ? null : afterInserting(a, [positiveAxis((node as unknown as { axis: number }).axis, out.ndim)]);
    case 'Squeeze': {
      if (a === null) return null;
      const given = (node as unknown as { axis: number | readonly number[] | null }).axis;
      const axes = given === null ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : (typeof given === 'number' ? [given] : [...given]).map((i) => positiveAxis(i, x.ndim));
      return afterRemoving(a, axes);
    }
    case 'Stack': {
      const known = inAxes.find((b) => b !== null);
      return known === undefined || known === null ? null : afterInserting(known, [positiveAxis((node as unknown as { axis: number }).axis, out.ndim)]);
    }
    case 'Separate': case 'SplitAxis': {
      if (a === null) return null;
      const axis = positiveAxis((node as unknown as { axis: number }).axis, x.ndim);
      if (a !== axis) return node.label === 'Separate' ? afterRemoving(a, [axis]) : a;
      if (node.label === 'Separate') return null;
      const split = batchSplit(node, axis, batchSize);
      // Whole batches each, or the part after the last split point of one batch.
      return split === 'equal' || split === 'batches' || (split === 'positions' && k === node.outputs.length - 1) ? axis : null;
    }
    case 'Concat': {
      // Along the batch axis of every input: a multiple of the batch, still there.
      const axis = positiveAxis((node as unknown as { axis: number }).axis, x.ndim);
      if (inAxes.every((b) => b === axis)) return axis;
      break;
    }
    case 'Hstack': case 'Vstack': case 'Dstack': {
      // Each input lifted to numpy's atleast_Nd shape, then concatenated.
      const i = inAxes.findIndex((b) => b !== null);
      return i < 0 ? null : liftedAxis(inAxes[i]!, node.inputs[i].ndim, (node as StackAlong).lift(node.inputs[i].shape).length);
    }
    case 'GetItem':
      return a === null ? null : throughGetItem(node as GetItem, a);
    case 'MatMul': case 'BatchMatMul': {
      // The rows of op(a) and the columns of op(b) are the last two axes of the product, the
      // leading axes broadcast (counted from the end); the contracted axis is gone.
      const [xa, xb] = node.inputs, { transa, transb } = node as MatMul;
      if (xa.ndim < 2 || xb.ndim < 2) break;
      const through = (axis: number | null, v: Variable, trans: boolean, kept: number) => {
        if (axis === null || axis === (trans !== (kept === 1) ? v.ndim - 2 : v.ndim - 1)) return null;
        return axis >= v.ndim - 2 ? out.ndim - 2 + kept : axis + out.ndim - v.ndim;
      };
      return through(a, xa, transa, 0) ?? through(inAxes[1], xb, transb, 1);
    }
    case 'Cumsum':
      // Over the flattened x (axis null), the batch stays outermost where it was.
      if ((node as unknown as { axis: number | null }).axis === null) return reshapeBatchAxis(x.shape, out.shape, a, batchSize);
      break;
    case 'Tile': case 'Pad':
      // Tiled (a multiple of the batch) or padded, the batch stays on its axis, counted
      // from the end (numpy's tile prepends axes of length 1 for longer reps).
      return a === null ? null : a + out.ndim - x.ndim;
    case 'Repeat': {
      // Along the batch, or flattened: each position repeated, the axis longer with the batch.
      const axis = (node as unknown as { axis: number | null }).axis;
      return a === null ? null : axis === null ? 0 : a;
    }
    case 'BroadcastTo':
      // x's batch stays where it is, counted from the end; a constant is expanded to the
      // batch at run time when axis 0 is as long as it.
      if (a !== null) return a + out.ndim - x.ndim;
      if ((node as BroadcastTo).outputs[0].shape[0] === batchSize) return 0;
      break;
    default:
  }
  return carried(node, inAxes, out);
}
