// Embedding lookups: rows of a (vocab, dim) table chosen by int32 ids, and the
// scatter-add that is their gradient.
import { NDArray } from '../ndarray';
import { shapeString } from '../shape';
import { type Into, checkArray, checkFloat, checkInt, destination, sameBackend, wrap } from './common';

/**
 * Throws unless every id lies in [0, vocab) or equals ignoreLabel: a bad id must never
 * reach the kernel, where it would read outside the table.
 */
function checkIds(op: string, ids: NDArray, vocab: number, ignoreLabel: number | null): void {
  const data = ids.dataSync() as Int32Array;
  for (let i = 0; i < data.length; i++) {
    const id = data[i];
    if ((id < 0 || id >= vocab) && id !== ignoreLabel) {
      throw new RangeError(`${op}: x contains ${id} at flat position ${i}, outside [0, ${vocab}) for a vocabulary of size ${vocab}` +
        (ignoreLabel === null ? '' : ` (and not ignoreLabel ${ignoreLabel})`));
    }
  }
}

function checkTable(op: string, W: NDArray): void {
  checkArray(op, 'W', W); checkFloat(op, 'W', W);
  if (W.ndim !== 2) throw new RangeError(`${op}: W must be 2-D (vocab, dim), got shape ${shapeString(W.shape)}`);
}

/** W[x] for int32 ids x of any shape: shape x.shape + (dim,); ignored ids give zero rows. */
export function embedId(x: NDArray, W: NDArray, ignoreLabel: number | null = null): NDArray {
  checkArray('embedId', 'x', x); checkInt('embedId', 'x', x); checkTable('embedId', W);
  const backend = sameBackend('embedId', [x, W], ['x', 'W']);
  checkIds('embedId', x, W.shape[0], ignoreLabel);
  return wrap(backend.embedGather(W, x, ignoreLabel), [...x.shape, W.shape[1]], 'float32', backend);
}

/**
 * The gradient of embedId for W: (vocab, dim) with each row of gy added at its id; with
 * `into`, written into (or added to) that resident array, which is returned.
 */
export function embedIdGrad(x: NDArray, gy: NDArray, vocab: number, ignoreLabel: number | null = null, into?: Into): NDArray {
  checkArray('embedIdGrad', 'x', x); checkInt('embedIdGrad', 'x', x);
  checkArray('embedIdGrad', 'gy', gy); checkFloat('embedIdGrad', 'gy', gy);
  const backend = sameBackend('embedIdGrad', [x, gy], ['x', 'gy']);
  if (gy.ndim !== x.ndim + 1 || x.shape.some((d, i) => d !== gy.shape[i])) {
    throw new RangeError(`embedIdGrad: gy has shape ${shapeString(gy.shape)}, expected ${shapeString(x.shape)} plus a row axis`);
  }
  checkIds('embedIdGrad', x, vocab, ignoreLabel);
  const shape = [vocab, gy.shape[gy.ndim - 1]];
  const dest = destination('embedIdGrad', into, shape, backend);
  const storage = backend.embedScatterAdd(gy, x, vocab, ignoreLabel, dest);
  return dest ? into!.target : wrap(storage, shape, 'float32', backend);
}
