// The axis permutations of transpose, swapaxes, moveaxis and rollaxis: each is one ONNX
// Transpose, and the batch axis follows the same permutation.
import type { FunctionNode } from '../../core/function-node';
import type { Moveaxis, Rollaxis, Swapaxes } from '../../functions/array/axes';
import type { Transpose } from '../../functions/array/transpose';
import { positiveAxis } from './converter';

const asList = (a: number | readonly number[]) => (typeof a === 'number' ? [a] : [...a]);

/** The permutation that numpy.moveaxis makes. */
function moveaxisPerm(ndim: number, source: readonly number[], destination: readonly number[]): number[] {
  const src = source.map((a) => positiveAxis(a, ndim)), dst = destination.map((a) => positiveAxis(a, ndim));
  const order = [...Array(ndim).keys()].filter((a) => !src.includes(a));
  [...dst.keys()].sort((i, j) => dst[i] - dst[j]).forEach((i) => order.splice(dst[i], 0, src[i]));
  return order;
}

/** The permutation that numpy.rollaxis makes. */
function rollaxisPerm(ndim: number, axis: number, start: number): number[] {
  const a = positiveAxis(axis, ndim);
  let s = positiveAxis(start, ndim);
  if (a < s) s--;
  const order = [...Array(ndim).keys()].filter((i) => i !== a);
  order.splice(s, 0, a);
  return order;
}

/** The permutation a node makes of its input's axes (output axis i is input axis perm[i]), or null for other nodes. */
export function permutationOf(node: FunctionNode): number[] | null {
  const ndim = node.inputs[0]?.ndim ?? 0;
  switch (node.label) {
    case 'Transpose': {
      const axes = (node as Transpose).axes;
      return axes === null ? [...Array(ndim).keys()].reverse() : axes.map((a) => positiveAxis(a, ndim));
    }
    case 'Swapaxes': {
      const n = node as Swapaxes, perm = [...Array(ndim).keys()];
      const a = positiveAxis(n.axis1, ndim), b = positiveAxis(n.axis2, ndim);
      [perm[a], perm[b]] = [perm[b], perm[a]];
      return perm;
    }
    case 'Moveaxis': {
      const n = node as Moveaxis;
      return moveaxisPerm(ndim, asList(n.source), asList(n.destination));
    }
    case 'Rollaxis': {
      const n = node as Rollaxis;
      return rollaxisPerm(ndim, n.axis, n.start);
    }
    default:
      return null;
  }
}
