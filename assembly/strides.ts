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

/** Copies a strided view of 32-bit words into a contiguous array (transpose, slices, broadcastTo). */
export function gather32(ndim: i32, shape: usize, x: usize, strides: usize, out: usize): void {
  if (ndim == 0) { store<i32>(out, load<i32>(x)); return; }
  const inner = load<i32>(shape + (<usize>(ndim - 1) << 2));
  const s = load<i32>(strides + (<usize>(ndim - 1) << 2));
  const total = sizeAndCounters(ndim, shape);
  const rows = inner == 0 ? 0 : total / inner;
  let p: isize = 0;
  for (let r = 0; r < rows; r++) {
    const xp = x + (p << 2);
    if (s == 1) {
      memory.copy(out, xp, <usize>inner << 2);
    } else {
      for (let i = 0; i < inner; i++) store<i32>(out + (<usize>i << 2), load<i32>(xp + (<isize>(i * s) << 2)));
    }
    out += <usize>inner << 2;
    p += <isize>i32(advance(ndim - 1, shape, strides, strides) >> 32);
  }
}
