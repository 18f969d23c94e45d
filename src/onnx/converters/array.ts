// Shape and indexing functions. With a dynamic batch axis, shapes that ONNX takes as inputs
// keep axis 0 symbolic: Reshape copies it (0) or infers it (-1) instead of fixing it.
import type { Cast } from '../../functions/array/cast';
import type { Concat } from '../../functions/array/concat';
import type { ExpandDims, Squeeze } from '../../functions/array/expand-dims';
import type { GetItem } from '../../functions/array/get-item';
import type { Reshape } from '../../functions/array/reshape';
import type { Transpose } from '../../functions/array/transpose';
import type { OnnxGraph } from '../graph';
import { type Converter, converter, sameInputs } from './converter';

/** Past the end of any axis: Slice clamps its ends to the axis. */
const TO_END = Number.MAX_SAFE_INTEGER;

/**
 * The shape input of a Reshape from `from` to `to`: axis 0 copied when it stays (0), inferred
 * when it merges or splits (-1), so that another batch size reshapes alike.
 */
export function reshapeTarget(g: OnnxGraph, from: readonly number[], to: readonly number[]): string {
  const rest = to.slice(1);
  if (!g.dynamicBatch || from.length === 0 || to.length === 0 || rest.some((d) => d === 0)) return g.int64s(to, 'shape');
  return g.int64s([from[0] === to[0] ? 0 : -1, ...rest], 'shape');
}

/** The view of a basic index: Slice of the sliced and indexed axes, Squeeze, Unsqueeze. */
const getItem = converter<GetItem>((g, n, [x], [y]) => {
  const plan = n.plan;
  if (plan.basic === null) throw new Error(`exportOnnx: no ONNX form for F.getItem with index arrays or masks (x[${plan.text}])`);
  const shape = plan.inShape;
  const starts: number[] = [], ends: number[] = [], axes: number[] = [], steps: number[] = [];
  const squeezed: number[] = [], inserted: number[] = [];
  let position = 0;
  for (const item of plan.basic) {
    if (item.kind === 'new') { inserted.push(position++); continue; }
    const { axis } = item;
    if (item.kind === 'int') {
      starts.push(item.index); ends.push(item.index + 1); axes.push(axis); steps.push(1);
      squeezed.push(axis);
      continue;
    }
    position++;
    const { start, step, length } = item;
    if (start === 0 && step === 1 && length === shape[axis]) continue;
    const end = start + length * step;
    starts.push(start); axes.push(axis); steps.push(step);
    // A negative end is counted from the axis' end: -(n + 1) is "before position 0".
    ends.push(step > 0 ? (end >= shape[axis] ? TO_END : end) : (end < 0 ? -shape[axis] - 1 : end));
  }
  let v = x;
  if (axes.length) v = g.op('Slice', [v, g.int64s(starts), g.int64s(ends), g.int64s(axes), g.int64s(steps)]);
  if (squeezed.length) v = g.op('Squeeze', [v, g.int64s(squeezed)]);
  if (inserted.length) v = g.op('Unsqueeze', [v, g.int64s(inserted)]);
  g.op('Identity', [v], {}, y);
});

export const arrayConverters: Record<string, Converter> = {
  Reshape: converter<Reshape>((g, n, [x], [y]) => {
    g.op('Reshape', [x, reshapeTarget(g, n.inputs[0].shape, n.outputs[0].shape)], {}, y);
  }),
  Transpose: converter<Transpose>((g, n, [x], [y]) => {
    const ndim = n.inputs[0].ndim;
    const perm = n.axes === null ? [...Array(ndim).keys()].reverse() : n.axes.map((a) => (a < 0 ? a + ndim : a));
    g.op('Transpose', [x], { perm: { ints: perm } }, y);
  }),
  Concat: sameInputs<Concat>('Concat', (n) => ({ axis: n.axis })),
  GetItem: getItem,
  ExpandDims: converter<ExpandDims>((g, n, [x], [y]) => { g.op('Unsqueeze', [x, g.int64s([n.axis])], {}, y); }),
  Squeeze: converter<Squeeze>((g, n, [x], [y]) => {
    const axes = n.axis === null ? null : typeof n.axis === 'number' ? [n.axis] : [...n.axis];
    g.op('Squeeze', axes ? [x, g.int64s(axes)] : [x], {}, y);
  }),
  Cast: sameInputs<Cast>('Cast', (n) => ({ to: n.type === 'float32' ? 1 : 6 })),
  // Test mode never records a Dropout node (dropout returns x); a graph traced in training
  // mode would, and inference drops nothing.
  Dropout: sameInputs('Identity'),
};
