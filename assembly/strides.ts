// Walking the outer dimensions of a strided view, one innermost row at a time.
// Shapes and strides are i32 arrays in linear memory; strides count elements and may be
// 0 (broadcast) or negative (reversed views).

const MAX_DIMS = 16;
const counters = memory.data(MAX_DIMS * 4);

/** Resets the outer counters and returns the number of elements of `shape`. */
export function sizeAndCounters(ndim: i32, shape: usize): i32 {
  let n = 1;
  for (let d = 0; d < ndim; d++) {
    store<i32>(counters + (<usize>d << 2), 0);
    n *= load<i32>(shape + (<usize>d << 2));
  }
  return n;
}

/**
 * Moves to the next row of dimensions [0, outer) and returns how far the two views
 * moved, packed as (a << 32) | b.
 */
export function advance(outer: i32, shape: usize, as: usize, bs: usize): i64 {
  let da: i32 = 0, db: i32 = 0;
  for (let d = outer - 1; d >= 0; d--) {
    const off = <usize>d << 2;
    const c = load<i32>(counters + off) + 1;
    const sa = load<i32>(as + off), sb = load<i32>(bs + off);
    da += sa; db += sb;
    if (c < load<i32>(shape + off)) { store<i32>(counters + off, c); break; }
    store<i32>(counters + off, 0);
    da -= sa * c; db -= sb * c;
  }
  return (<i64>da << 32) | (<i64>db & 0xffffffff);
}

/**
 * Moves 32-bit words between a contiguous array and a strided view of the given shape:
 * out of the view (gather) or into it (scatter). `intoView` is a constant at every call,
 * so each caller compiles to one direction.
 */
@inline export function moveStrided32(ndim: i32, shape: usize, dense: usize, view: usize, strides: usize, intoView: bool): void {
  if (ndim == 0) { moveWord(dense, view, intoView); return; }
  const inner = load<i32>(shape + (<usize>(ndim - 1) << 2));
  const s = load<i32>(strides + (<usize>(ndim - 1) << 2));
  const total = sizeAndCounters(ndim, shape);
  const rows = inner == 0 ? 0 : total / inner;
  let p: isize = 0;
  for (let r = 0; r < rows; r++) {
    const vp = view + (p << 2);
    if (s == 1) {
      if (intoView) memory.copy(vp, dense, <usize>inner << 2);
      else memory.copy(dense, vp, <usize>inner << 2);
    } else {
      for (let i = 0; i < inner; i++) moveWord(dense + (<usize>i << 2), vp + (<isize>(i * s) << 2), intoView);
    }
    dense += <usize>inner << 2;
    p += <isize>i32(advance(ndim - 1, shape, strides, strides) >> 32);
  }
}

@inline function moveWord(dense: usize, view: usize, intoView: bool): void {
  if (intoView) store<i32>(view, load<i32>(dense));
  else store<i32>(dense, load<i32>(view));
}

/** Copies a strided view of 32-bit words into a contiguous array (transpose, slices, broadcastTo). */
export function gather32(ndim: i32, shape: usize, x: usize, strides: usize, out: usize): void {
  moveStrided32(ndim, shape, out, x, strides, false);
}
