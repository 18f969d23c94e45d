// Shape and indexing functions. With a dynamic batch axis, shapes that ONNX takes as inputs
// keep axis 0 symbolic: Reshape copies it (0) or infers it (-1) instead of fixing it.
import type { Cast } from '../../functions/array/cast';
import type { Concat } from '../../functions/array/concat';
import type { ExpandDims, Squeeze } from '../../functions/array/expand-dims';
import type { GetItem } from '../../functions/array/get-item';
import type { Reshape } from '../../functions/array/reshape';
import type { BroadcastTo, SumTo } from '../../functions/array/broadcast';
import type { Flip } from '../../functions/array/flip';
import type { Pad } from '../../functions/array/pad';
import type { SplitAxis } from '../../functions/array/split-axis';
import type { Separate, Stack } from '../../functions/array/stack';
import type { Tile } from '../../functions/array/tile';
import type { Repeat } from '../../functions/array/repeat';
import type { Where } from '../../functions/array/where';
import type { StackAlong } from '../../functions/array/hstack';
import { padPairs } from '../../array/ops/pad';
import { shapeString } from '../../array/shape';
import type { Variable } from '../../core/variable';
import type { OnnxGraph } from '../graph';
import { type Converter, converter, positiveAxis, sameInputs } from './converter';
import { permutationOf } from './permutation';
import { batchSplit, followsLength, liftedAxes, requestedReshapeBatchAxis, wholeSlice } from '../batch-axis';

/** Past the end of any axis: Slice clamps its ends to the axis. */
const TO_END = Number.MAX_SAFE_INTEGER;

/**
 * The shape input of a Reshape from `from` to `to`, of a value whose batch axis is `axis`:
 * with a dynamic batch, the axis of `to` that holds the batch is inferred (-1) instead of
 * fixed (F.reshape's shape as written, `requested`, may leave it to its own -1). A batch
 * spread over several axes of `to` has no such form: an error naming `fn`.
 */
export function reshapeTarget(g: OnnxGraph, from: readonly number[], to: readonly number[], axis: number | null, fn: string, requested = to): string {
  if (!g.dynamicBatch || axis === null || to.includes(0)) return g.int64s(to, 'shape');
  const t = requestedReshapeBatchAxis(from, to, requested, axis, g.batchSize);
  if (t === null) {
    throw new Error(`exportOnnx: ${fn} reshapes ${shapeString(from)} to ${shapeString(to)}, spreading the batch (axis ${axis}) over several axes, `
      + 'which an ONNX Reshape cannot follow for other batch sizes; export with dynamicBatch false');
  }
  return g.int64s(to.map((d, i) => (i === t ? -1 : d)), 'shape');
}

const asList = (a: number | readonly number[]) => (typeof a === 'number' ? [a] : [...a]);

/**
 * x[index]: the basic view (Slice of the sliced axes and those an integer picks, Squeeze of
 * the latter, Unsqueeze of new axes), then the index arrays as one Gather along their axes
 * (brought together and merged first when there are several), as numpy orders them.
 */
const getItem = converter<GetItem>((g, n, [x], [y]) => {
  const plan = n.plan;
  const starts: number[] = [], ends: number[] = [], axes: number[] = [], steps: number[] = [];
  const squeezed: number[] = [], inserted: number[] = [];
  const prefix = { ends: [] as number[], axes: [] as number[] };
  let position = 0;
  /** Where the batch axis is in the view, if it is there (whole or a part that follows its length). */
  const batchAxis = g.batchAxis(n.inputs[0]);
  let batchAt = -1, byBatch = false;
  // The bounds as written, which Slice counts from the end where negative and clamps as
  // Python does: the same positions as the example's on fixed axes, and the ones the batch
  // size at run time gives on the batch axis.
  for (const item of plan.basic) {
    if (item.kind === 'new') { inserted.push(position++); continue; }
    if (item.kind === 'indexed') {
      // One index array on the batch is gathered as written (negative positions from the
      // end of the batch at run time); a mask or index arrays merged with it hold positions
      // of the example's batch alone.
      if (item.axis === batchAxis && g.dynamicBatch) {
        if (plan.advanced?.given == null) throw new Error(`exportOnnx: F.getItem indexes the batch (axis ${batchAxis} of ${shapeString(n.inputs[0].shape)}) with a mask or with other index arrays, which only the example's batch size can; export with dynamicBatch false`);
        byBatch = true;
      }
      position++;
      continue;
    }
    const { axis } = item;
    if (item.kind === 'int') {
      starts.push(item.given); ends.push(item.given === -1 ? TO_END : item.given + 1); axes.push(axis); steps.push(1);
      squeezed.push(axis);
      continue;
    }
    position++;
    const s = item.given, step = s.step ?? 1;
    if (axis === batchAxis && followsLength(s)) batchAt = position - 1;
    if (wholeSlice(s)) continue;
    if (step < 0 && s.start !== null && s.start < 0) {
      // Going back from before the first position selects nothing in Python; Slice would
      // start from position 0. So the positions up to the start are taken first, and the
      // slice goes back from the last of them (an end from the end is moved with it).
      prefix.ends.push(s.start === -1 ? TO_END : s.start + 1); prefix.axes.push(axis);
      starts.push(-1); ends.push(s.stop === null ? -TO_END : s.stop >= 0 ? s.stop : Math.min(s.stop - s.start - 1, -1));
    } else {
      starts.push(s.start ?? (step > 0 ? 0 : TO_END)); ends.push(s.stop ?? (step > 0 ? TO_END : -TO_END));
    }
    axes.push(axis); steps.push(step);
  }
  let v = x;
  if (prefix.axes.length) v = g.op('Slice', [v, g.int64s(prefix.axes.map(() => 0)), g.int64s(prefix.ends), g.int64s(prefix.axes)]);
  if (axes.length) v = g.op('Slice', [v, g.int64s(starts), g.int64s(ends), g.int64s(axes), g.int64s(steps)]);
  if (squeezed.length) v = g.op('Squeeze', [v, g.int64s(squeezed)]);
  if (inserted.length) v = g.op('Unsqueeze', [v, g.int64s(inserted)]);
  const a = plan.advanced;
  if (a) {
    const permuted = a.perm ? a.perm.map((p) => plan.viewShape[p]) : plan.viewShape;
    if (a.perm) v = g.op('Transpose', [v], { perm: { ints: a.perm } });
    const k = a.axes.length;
    if (k > 1) {
      const merged = [...permuted.slice(0, a.at), permuted.slice(a.at, a.at + k).reduce((p, d) => p * d, 1), ...permuted.slice(a.at + k)];
      // The batch axis, moved by the transpose, stays dynamic: inferred where it lands.
      const from = a.perm && batchAt >= 0 ? a.perm.indexOf(batchAt) : batchAt;
      const to = from < a.at ? from : from - k + 1;
      const target = g.dynamicBatch && from >= 0 ? merged.map((d, i) => (i === to ? -1 : d)) : merged;
      v = g.op('Reshape', [v, g.int64s(target, 'shape')]);
    }
    const indices = byBatch ? a.given! : a.flat;
    v = g.op('Gather', [v, g.initializer('indices', 'int32', indices.shape, indices.data)], { axis: a.at });
  }
  g.op('Identity', [v], {}, y);
});

/**
 * numpy's symmetric and wrap padding, which ONNX's Pad lacks (wrap until opset 19): along
 * each axis, the mirrored or opposite edge slices concatenated around x. A pad wider than
 * the axis, which numpy repeats, has no form here.
 */
function padBySlices(g: OnnxGraph, x: string, shape: readonly number[], pairs: [number, number][], mode: 'symmetric' | 'wrap'): string {
  const slice = (v: string, axis: number, start: number, end: number, step: number) =>
    g.op('Slice', [v, g.int64s([start]), g.int64s([end]), g.int64s([axis]), g.int64s([step])]);
  let v = x;
  pairs.forEach(([before, after], axis) => {
    const n = shape[axis];
    if (before === 0 && after === 0) return;
    if (before > n || after > n) throw new Error(`exportOnnx: no ONNX form for F.pad with mode '${mode}' wider (${before}, ${after}) than axis ${axis} (${n})`);
    // Counted from the nearer end, so that the edges follow the axis's length (the batch's varies).
    const head = mode === 'wrap' ? slice(v, axis, -before, TO_END, 1) : slice(v, axis, before - 1, -TO_END, -1);
    const tail = mode === 'wrap' ? slice(v, axis, 0, after, 1) : slice(v, axis, -1, -after - 1, -1);
    v = g.op('Concat', [...(before ? [head] : []), v, ...(after ? [tail] : [])], { axis });
  });
  return v;
}

/**
 * The inputs of a concat or stack, those without the batch expanded to it at run time where
 * another holds it on axis `a` (not the joined axis) and they have length 1 there: made from
 * the example's batch of 1 (a zero state of x.shape[0] rows), they must follow the batch as
 * the others do. (From a larger batch, constant() expands those with equal rows.)
 */
function followingBatch(g: OnnxGraph, inputs: readonly Variable[], x: readonly string[], joined: number): string[] {
  const a = inputs.map((v) => g.batchAxis(v)).find((b) => b !== null && b !== joined);
  if (!g.dynamicBatch || g.batchSize !== 1 || a === undefined || a === null) return [...x];
  return x.map((name, i) => {
    const v = inputs[i];
    if (g.batchAxis(v) !== null || v.shape[a] !== 1) return name;
    const ones = (k: number) => (k > 0 ? [g.int64s(new Array<number>(k).fill(1))] : []);
    const shape = g.op('Concat', [...ones(a), g.batchShape([]), ...ones(v.ndim - a - 1)], { axis: 0 });
    return g.op('Expand', [name, shape]);
  });
}

/** transpose, swapaxes, moveaxis and rollaxis: a Transpose. */
const permuted = converter((g, n, [x], [y]) => { g.op('Transpose', [x], { perm: { ints: permutationOf(n)! } }, y); });

/** hstack, vstack and dstack: each input lifted to numpy's atleast_Nd shape (new axes of length 1), then Concat. */
const stackAlong = converter<StackAlong>((g, n, x, [y]) => {
  const ndim = n.inputs[0].ndim, to = n.lift(n.inputs[0].shape).length;
  const lifted = to === ndim ? followingBatch(g, n.inputs, x, n.axisFor(ndim)) : x.map((name) => g.op('Unsqueeze', [name, g.int64s(liftedAxes(ndim, to))]));
  g.op('Concat', lifted, { axis: n.axisFor(ndim) }, y);
});

export const arrayConverters: Record<string, Converter> = {
  Reshape: converter<Reshape>((g, n, [x], [y]) => {
    g.op('Reshape', [x, reshapeTarget(g, n.inputs[0].shape, n.outputs[0].shape, g.batchAxis(n.inputs[0]), 'F.reshape', n.shape)], {}, y);
  }),
  Transpose: permuted,
  Concat: converter<Concat>((g, n, x, [y]) => {
    const axis = positiveAxis(n.axis, n.inputs[0].ndim);
    g.op('Concat', followingBatch(g, n.inputs, x, axis), { axis }, y);
  }),
  GetItem: getItem,
  ExpandDims: converter<ExpandDims>((g, n, [x], [y]) => { g.op('Unsqueeze', [x, g.int64s([n.axis])], {}, y); }),
  Squeeze: converter<Squeeze>((g, n, [x], [y]) => {
    const axes = n.axis === null ? null : typeof n.axis === 'number' ? [n.axis] : [...n.axis];
    const shape = n.inputs[0].shape, a = g.batchAxis(n.inputs[0]);
    // Without axes, Squeeze removes the axes of length 1 at run time, as numpy's squeeze does.
    if (g.dynamicBatch && a !== null && axes?.some((i) => positiveAxis(i, shape.length) === a)) {
      throw new Error(`exportOnnx: F.squeeze of ${shapeString(shape)} removes the batch (axis ${a}), which only a batch of 1 can; export with dynamicBatch false`);
    }
    g.op('Squeeze', axes ? [x, g.int64s(axes)] : [x], {}, y);
  }),
  Cast: sameInputs<Cast>('Cast', (n) => ({ to: n.type === 'float32' ? 1 : 6 })),
  Swapaxes: permuted,
  Moveaxis: permuted,
  Rollaxis: permuted,
  Stack: converter<Stack>((g, n, x, [y]) => {
    const axis = positiveAxis(n.axis, n.inputs[0].ndim + 1);
    g.op('Concat', followingBatch(g, n.inputs, x, -1).map((v) => g.op('Unsqueeze', [v, g.int64s([axis])])), { axis }, y);
  }),
  Separate: converter<Separate>((g, n, [x], y) => {
    const axis = positiveAxis(n.axis, n.inputs[0].ndim);
    if (g.dynamicBatch && g.batchAxis(n.inputs[0]) === axis) {
      throw new Error(`exportOnnx: F.separate of ${shapeString(n.inputs[0].shape)} along the batch (axis ${axis}) gives one output per row, which only the example's batch size can; export with dynamicBatch false`);
    }
    const parts = g.add('Split', [x], { axis }, y.length);
    parts.forEach((part, i) => g.op('Squeeze', [part, g.int64s([axis])], {}, y[i]));
  }),
  SplitAxis: converter<SplitAxis>((g, n, [x], y) => {
    const axis = positiveAxis(n.axis, n.inputs[0].ndim);
    const sizes = n.outputs.map((v) => v.shape[axis]);
    const split = g.dynamicBatch && g.batchAxis(n.inputs[0]) === axis ? batchSplit(n, axis, g.batchSize) : null;
    let parts = g.int64s(sizes);
    if (split === 'equal') {
      // Without sizes, Split makes equal parts of the length at run time.
      g.add('Split', [x], { axis }, y);
      return;
    } else if (split === 'batches') {
      // k batches each: k times the batch size at run time.
      parts = g.op('Mul', [g.batchShape([]), g.int64s(sizes.map((d) => d / g.batchSize))]);
    } else if (split === 'positions') {
      // The split points are positions: the parts before the last keep their sizes.
      const fixed = sizes.slice(0, -1);
      const rest = g.op('Sub', [g.batchShape([]), g.int64s([fixed.reduce((p, d) => p + d, 0)])]);
      parts = g.op('Concat', [g.int64s(fixed), rest], { axis: 0 });
    }
    g.add('Split', [x, parts], { axis }, y);
  }),
  BroadcastTo: converter<BroadcastTo>((g, n, [x], [y]) => {
    const from = n.inputs[0].shape, to = n.outputs[0].shape, a = g.batchAxis(n.inputs[0]);
    if (g.dynamicBatch && a !== null) {
      const at = a + to.length - from.length;
      if (to[at] !== from[a]) throw new Error(`exportOnnx: F.broadcastTo of ${shapeString(from)} to ${shapeString(to)} broadcasts the batch (axis ${a}), which only a batch of 1 can; export with dynamicBatch false`);
      // Expand broadcasts both ways: a 1 where the batch is keeps x's length there.
      g.op('Expand', [x, g.int64s(to.map((d, i) => (i === at ? 1 : d)), 'shape')], {}, y);
      return;
    }
    const shape = g.dynamicBatch && to.length > 0 && to[0] === g.batchSize ? g.batchShape(to.slice(1)) : g.int64s(to, 'shape');
    g.op('Expand', [x, shape], {}, y);
  }),
  // numpy's sum to a shape: over the leading axes it lacks, then (kept) over its axes of length 1.
  SumTo: converter<SumTo>((g, n, [x], [y]) => {
    const from = n.inputs[0].shape, to = n.shape, lead = from.length - to.length;
    const ones = to.flatMap((d, i) => (d === 1 && from[lead + i] !== 1 ? [i] : []));
    const v = lead ? g.op('ReduceSum', [x, g.int64s([...Array(lead).keys()])], { keepdims: 0 }) : x;
    if (ones.length) g.op('ReduceSum', [v, g.int64s(ones)], { keepdims: 1 }, y);
    else g.op('Identity', [v], {}, y);
  }),
  Tile: converter<Tile>((g, n, [x], [y]) => {
    const ndim = n.inputs[0].ndim, reps = asList(n.reps);
    // numpy prepends axes of length 1 to the shorter of x and reps.
    const lead = Math.max(reps.length - ndim, 0);
    const v = lead ? g.op('Unsqueeze', [x, g.int64s([...Array(lead).keys()])]) : x;
    g.op('Tile', [v, g.int64s([...new Array<number>(Math.max(ndim - reps.length, 0)).fill(1), ...reps])], {}, y);
  }),
  Pad: converter<Pad>((g, n, [x], [y]) => {
    const shape = n.inputs[0].shape;
    const pairs = padPairs('exportOnnx', 'padWidth', n.padWidth, shape.length, true);
    if (n.mode === 'symmetric' || n.mode === 'wrap') { g.op('Identity', [padBySlices(g, x, shape, pairs, n.mode)], {}, y); return; }
    const values = padPairs('exportOnnx', 'constantValues', n.constantValues, shape.length, false);
    if (n.mode === 'constant' && values.some(([a, b]) => a !== values[0][0] || b !== values[0][0])) {
      throw new Error('exportOnnx: no ONNX form for F.pad with different constantValues per side (ONNX pads with one value)');
    }
    const pads = g.int64s([...pairs.map(([before]) => before), ...pairs.map(([, after]) => after)]);
    const inputs = n.mode === 'constant' ? [x, pads, g.scalar(values[0][0], n.outputs[0].dtype)] : [x, pads];
    g.op('Pad', inputs, { mode: n.mode }, y);
  }),
  // From the last position to before the first, whatever the axis' length (the batch axis's varies).
  Flip: converter<Flip>((g, n, [x], [y]) => {
    const ndim = n.inputs[0].ndim, axes = asList(n.axis).map((a) => positiveAxis(a, ndim));
    g.op('Slice', [x, g.int64s(axes.map(() => -1)), g.int64s(axes.map(() => -TO_END)), g.int64s(axes), g.int64s(axes.map(() => -1))], {}, y);
  }),
  // The condition is a constant of the node (int32 0/1): a bool initializer, unless it was
  // given as a value of the graph (a mask among the model's inputs, or its array), read at run time.
  Where: converter<Where>((g, n, [x, z], [y]) => {
    const given = n.source && g.hasName(n.source) ? g.nameOf(n.source) : g.nameOfArray(n.condition);
    const condition = g.op('Cast', [given ?? g.constant(n.condition)], { to: 9 });
    g.op('Where', [condition, x, z], {}, y);
  }),
  Hstack: stackAlong,
  Vstack: stackAlong,
  Dstack: stackAlong,
  // numpy.repeat: each position along the axis (of the flattened x for axis null) taken
  // `repeats` times, a Gather of those positions.
  Repeat: converter<Repeat>((g, n, [x], [y]) => {
    const shape = n.inputs[0].shape;
    const flat = n.axis === null;
    const axis = n.axis === null ? 0 : positiveAxis(n.axis, shape.length);
    const a = g.batchAxis(n.inputs[0]);
    if (g.dynamicBatch && a !== null && (flat || axis === a)) {
      // Positions along the batch would be the example's: each position is instead taken
      // `repeats` times by a Tile of a new axis after it, merged back into the batch axis.
      const r = typeof n.repeats === 'number' ? n.repeats : n.repeats.length === 1 ? n.repeats[0] : null;
      if (r === null) throw new Error(`exportOnnx: F.repeat with a list of repeats along the batch (axis ${a} of ${shapeString(shape)}) repeats the example's rows; export with dynamicBatch false`);
      const v = flat ? g.op('Reshape', [x, g.int64s([-1, 1])]) : g.op('Unsqueeze', [x, g.int64s([axis + 1])]);
      const tiled = g.op('Tile', [v, g.int64s((flat ? [1, 1] : [...shape, 1]).map((_, i) => (i === (flat ? 1 : axis + 1) ? r : 1)))]);
      g.op('Reshape', [tiled, g.int64s(flat ? [-1] : shape.map((d, i) => (i === axis ? -1 : d)))], {}, y);
      return;
    }
    const size = flat ? shape.reduce((p, d) => p * d, 1) : shape[axis];
    const counts = typeof n.repeats === 'number' ? new Array<number>(size).fill(n.repeats) : [...n.repeats as readonly number[]];
    const positions = counts.flatMap((c, i) => new Array<number>(c).fill(i));
    const v = flat ? g.op('Reshape', [x, g.int64s([-1])]) : x;
    g.op('Gather', [v, g.initializer('positions', 'int64', [positions.length], positions)], { axis }, y);
  }),
  // x[i, t[i]] for x (B, C): the element of each row at its label.
  SelectItem: converter((g, _, [x, t], [y]) => {
    const picked = g.op('GatherElements', [x, g.op('Unsqueeze', [t, g.int64s([1])])], { axis: 1 });
    g.op('Squeeze', [picked, g.int64s([1])], {}, y);
  }),
  // Test mode never records a Dropout node (dropout returns x); a graph traced in training
  // mode would, and inference drops nothing.
  Dropout: sameInputs('Identity'),
};
