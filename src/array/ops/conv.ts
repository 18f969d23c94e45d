// Column buffers for convolutions: im2col turns every kernel tap into a row, so that a
// convolution becomes a GEMM; col2im sums the rows back (its adjoint).
import type { ConvGeometry } from '../../backends/backend';
import type { NDArray } from '../ndarray';
import { shapeString } from '../shape';
import { type Into, checkArray, checkFloat, destination, sameBackend, wrap } from './common';

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

/**
 * The convolution of x (N, C, H, W) with W (O, C/groups, kh, kw), plus b (O): shape
 * (N, O, oh, ow). Sizes are the caller's to check (the F functions do).
 */
export function conv2d(x: NDArray, W: NDArray, b: NDArray | null, g: ConvGeometry, groups: number): NDArray {
  checkArray('conv2d', 'x', x); checkFloat('conv2d', 'x', x); checkGeometry('conv2d', g);
  checkArray('conv2d', 'W', W); checkFloat('conv2d', 'W', W);
  const O = W.shape[0];
  if (x.ndim !== 4 || x.shape[0] !== g.n || x.shape[1] !== g.c || x.shape[2] !== g.h || x.shape[3] !== g.w) {
    throw new RangeError(`conv2d: x has shape ${shapeString(x.shape)}, expected (${g.n}, ${g.c}, ${g.h}, ${g.w})`);
  }
  if (W.ndim !== 4 || g.c % groups !== 0 || O % groups !== 0 || W.shape[1] !== g.c / groups || W.shape[2] !== g.kh || W.shape[3] !== g.kw) {
    throw new RangeError(`conv2d: W has shape ${shapeString(W.shape)}, expected (O, ${g.c / groups}, ${g.kh}, ${g.kw}) with O divisible by ${groups}`);
  }
  if (b) {
    checkArray('conv2d', 'b', b); checkFloat('conv2d', 'b', b);
    if (b.ndim !== 1 || b.shape[0] !== O) throw new RangeError(`conv2d: b has shape ${shapeString(b.shape)}, expected (${O})`);
  }
  const backend = sameBackend('conv2d', b ? [x, W, b] : [x, W], b ? ['x', 'W', 'b'] : ['x', 'W']);
  return wrap(backend.conv2d(x, W, b, g, groups), [g.n, O, g.oh, g.ow], 'float32', backend);
}

/**
 * The weight gradient of conv2d: gW (O, C/groups, kh, kw) from x (N, C, H, W) and gy
 * (N, O, oh, ow); with `into`, written into (or added to) that resident array, which is returned.
 */
export function conv2dGradW(x: NDArray, gy: NDArray, g: ConvGeometry, groups: number, into?: Into): NDArray {
  checkArray('conv2dGradW', 'x', x); checkFloat('conv2dGradW', 'x', x); checkGeometry('conv2dGradW', g);
  checkArray('conv2dGradW', 'gy', gy); checkFloat('conv2dGradW', 'gy', gy);
  if (x.ndim !== 4 || x.shape[0] !== g.n || x.shape[1] !== g.c || x.shape[2] !== g.h || x.shape[3] !== g.w) {
    throw new RangeError(`conv2dGradW: x has shape ${shapeString(x.shape)}, expected (${g.n}, ${g.c}, ${g.h}, ${g.w})`);
  }
  const O = gy.shape[1];
  if (gy.ndim !== 4 || gy.shape[0] !== g.n || gy.shape[2] !== g.oh || gy.shape[3] !== g.ow || g.c % groups !== 0 || O % groups !== 0) {
    throw new RangeError(`conv2dGradW: gy has shape ${shapeString(gy.shape)}, expected (${g.n}, O, ${g.oh}, ${g.ow}) with O and ${g.c} divisible by ${groups}`);
  }
  const backend = sameBackend('conv2dGradW', [x, gy], ['x', 'gy']);
  const shape = [O, g.c / groups, g.kh, g.kw];
  const dest = destination('conv2dGradW', into, shape, backend);
  const storage = backend.conv2dGradW(x, gy, g, groups, dest);
  return dest ? into!.target : wrap(storage, shape, 'float32', backend);
}
