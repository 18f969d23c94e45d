// Which axes a normalization reduces, and how the data is viewed for the kernels:
// (outer, C, inner) where the channel block C is the kept axes.
import type { NDArray } from '../../array/ndarray';
import type { NormLayout } from '../../array/ops/index';
import { normalizeAxes, shapeString } from '../../array/shape';

export interface ChannelView {
  /** Kernel layout of x after `perm` (if any). */
  layout: NormLayout;
  /** Permutation that makes the kept axes one block, or null when they already are. */
  perm: number[] | null;
  /** Shape of a per-channel array broadcast against the (permuted) x. */
  channelShape: number[];
  /** x's shape without the reduced axes: the shape of gamma, beta and the statistics. */
  keptShape: number[];
}

/**
 * The axes batch normalization reduces, as Chainer's _compute_axis: `axis` (which Chainer
 * wants in ascending order and matches against axes by index, so negatives never match),
 * or by default axis 0 and the axes after gamma's, (0, gammaNdim + 1, ..., ndim - 1).
 */
export function batchAxes(fn: string, axis: number | readonly number[] | null, ndim: number, gammaNdim: number): number[] {
  if (axis === null) return [0, ...Array.from({ length: Math.max(ndim - gammaNdim - 1, 0) }, (_, i) => gammaNdim + 1 + i)];
  const list = typeof axis === 'number' ? [axis] : [...axis];
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1] >= list[i]) throw new RangeError(`${fn}: numbers in axis must be sorted in ascending order, got (${list.join(', ')})`);
  }
  if (list.some((a) => a < 0)) throw new RangeError(`${fn}: axis must count from 0 (a negative axis matches no axis of x), got (${list.join(', ')})`);
  return list;
}

/**
 * Reduced axes: `axis` when given, otherwise every axis but 1 (Chainer's default). The kept
 * axes form the channel block; gamma and the statistics have their shape.
 */
export function channelView(fn: string, x: NDArray, axis: number | readonly number[] | null | undefined): ChannelView {
  if (x.ndim < 2 && axis == null) throw new RangeError(`${fn}: x must have at least 2 dimensions (batch, channels, ...), got ${shapeString(x.shape)}`);
  const reduced = axis == null ? x.shape.map((_, i) => i).filter((i) => i !== 1) : normalizeAxes(fn, axis, x.ndim);
  const kept = x.shape.map((_, i) => i).filter((i) => !reduced.includes(i));
  const contiguous = kept.length === 0 || kept[kept.length - 1] - kept[0] === kept.length - 1;
  const perm = contiguous ? null : [...reduced, ...kept];
  const shape = perm ? perm.map((p) => x.shape[p]) : x.shape;
  const first = perm ? reduced.length : kept.length ? kept[0] : x.ndim;
  let outer = 1, C = 1, inner = 1;
  shape.forEach((d, i) => {
    if (i < first) outer *= d;
    else if (i < first + kept.length) C *= d;
    else inner *= d;
  });
  const channelShape = shape.map((d, i) => (i >= first && i < first + kept.length ? d : 1));
  return { layout: { outer, C, inner }, perm, channelShape, keptShape: kept.map((i) => x.shape[i]) };
}

