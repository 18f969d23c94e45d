// Column buffers for convolutions: im2col turns every kernel tap into a row, so that a
// convolution becomes a GEMM; col2im sums the rows back (its adjoint).
import type { ConvGeometry } from '../../backends/backend';
import type { NDArray } from '../ndarray';
import { shapeString } from '../shape';
import { checkArray, checkFloat, wrap } from './common';

export type { ConvGeometry } from '../../backends/backend';

/** Where the image axis goes in a column buffer: (N, K, P) or (K, N, P). */
export type ColumnOrder = 'batch-major' | 'tap-major';

function checkGeometry(op: string, g: ConvGeometry): void {
  const positive = [g.kh, g.kw, g.sy, g.sx, g.dy, g.dx];
  const counts = [g.n, g.c, g.h, g.w, g.oh, g.ow, g.ph, g.pw];
  if (!positive.every((v) => Number.isInteger(v) && v >= 1) || !counts.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new RangeError(`${op}: invalid geometry ${JSON.stringify(g)}`);
  }
}

function layoutOf(g: ConvGeometry, order: ColumnOrder) {
  const taps = g.c * g.kh * g.kw, positions = g.oh * g.ow;
  return order === 'batch-major' ? { batch: taps * positions, tap: positions } : { batch: positions, tap: g.n * positions };
}

/**
 * The column buffer of x (N, C, H, W): shape (N, C*kh*kw, oh*ow) for 'batch-major', or
 * (C*kh*kw, N, oh*ow) for 'tap-major'. Taps off the image are zero.
 */
export function im2col(x: NDArray, g: ConvGeometry, order: ColumnOrder = 'batch-major'): NDArray {
  checkArray('im2col', 'x', x); checkFloat('im2col', 'x', x); checkGeometry('im2col', g);
  if (x.ndim !== 4 || x.shape[0] !== g.n || x.shape[1] !== g.c || x.shape[2] !== g.h || x.shape[3] !== g.w) {
    throw new RangeError(`im2col: x has shape ${shapeString(x.shape)}, expected (${g.n}, ${g.c}, ${g.h}, ${g.w})`);
  }
  const K = g.c * g.kh * g.kw, P = g.oh * g.ow;
  const shape = order === 'batch-major' ? [g.n, K, P] : [K, g.n, P];
  return wrap(x.backend.im2col(x, g, layoutOf(g, order)), shape, 'float32', x.backend);
}

/** The adjoint of im2col: (N, C, H, W) summing the taps of a column buffer. */
export function col2im(col: NDArray, g: ConvGeometry, order: ColumnOrder = 'batch-major'): NDArray {
  checkArray('col2im', 'col', col); checkFloat('col2im', 'col', col); checkGeometry('col2im', g);
  const size = g.n * g.c * g.kh * g.kw * g.oh * g.ow;
  if (col.size !== size) throw new RangeError(`col2im: col has shape ${shapeString(col.shape)}, expected ${size} elements for ${JSON.stringify(g)}`);
  return wrap(col.backend.col2im(col, g, layoutOf(g, order)), [g.n, g.c, g.h, g.w], 'float32', col.backend);
}
