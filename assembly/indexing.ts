// Gathering and scattering rows along one axis by an index array, and writing a
// contiguous block through a strided view. Arrays are read as (outer, n, inner): the
// indexed axis in the middle, a "row" is the `inner` contiguous words behind one index.
// Indices arrive validated and non-negative: the JavaScript side checks every bound.
import { moveStrided32 } from './strides';

/** out(outer, m, inner)[o, j] = x(outer, n, inner)[o, idx[j]] for 32-bit words. */
export function take32(x: usize, outer: i32, n: i32, inner: i32, idx: usize, m: i32, out: usize): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * <usize>n * rowBytes;
    const dst = out + <usize>o * <usize>m * rowBytes;
    if (inner == 1) {
      for (let j = 0; j < m; j++) {
        store<i32>(dst + (<usize>j << 2), load<i32>(src + (<usize>load<i32>(idx + (<usize>j << 2)) << 2)));
      }
    } else {
      for (let j = 0; j < m; j++) {
        const k = <usize>load<i32>(idx + (<usize>j << 2));
        memory.copy(dst + <usize>j * rowBytes, src + k * rowBytes, rowBytes);
      }
    }
  }
}

@final class AddF { @inline f(a: f32, b: f32): f32 { return a + b; } @inline v(a: v128, b: v128): v128 { return f32x4.add(a, b); } }
@final class AddI { @inline f(a: i32, b: i32): i32 { return a + b; } @inline v(a: v128, b: v128): v128 { return i32x4.add(a, b); } }

// Rows are added one after another, so repeated indices accumulate in index order.
@inline function scatterAdd<O, T>(out: usize, outer: i32, n: i32, inner: i32, idx: usize, m: i32, values: usize): void {
  const o = changetype<O>(0);
  const rowBytes = <usize>inner << 2;
  const n4 = inner & ~3;
  for (let p = 0; p < outer; p++) {
    const dstBase = out + <usize>p * <usize>n * rowBytes;
    const srcBase = values + <usize>p * <usize>m * rowBytes;
    for (let j = 0; j < m; j++) {
      const dst = dstBase + <usize>load<i32>(idx + (<usize>j << 2)) * rowBytes;
      const src = srcBase + <usize>j * rowBytes;
      let i = 0;
      for (; i < n4; i += 4) {
        const off = <usize>i << 2;
        v128.store(dst + off, o.v(v128.load(dst + off), v128.load(src + off)));
      }
      for (; i < inner; i++) {
        const off = <usize>i << 2;
        store<T>(dst + off, o.f(load<T>(dst + off), load<T>(src + off)));
      }
    }
  }
}

/** out(outer, n, inner)[o, idx[j]] += values(outer, m, inner)[o, j]; out holds the base. */
export function scatter_add_f32(out: usize, outer: i32, n: i32, inner: i32, idx: usize, m: i32, values: usize): void {
  scatterAdd<AddF, f32>(out, outer, n, inner, idx, m, values);
}

export function scatter_add_i32(out: usize, outer: i32, n: i32, inner: i32, idx: usize, m: i32, values: usize): void {
  scatterAdd<AddI, i32>(out, outer, n, inner, idx, m, values);
}

/**
 * Writes contiguous 32-bit words `x` through a strided view of `out` (the mirror of
 * gather32): concatenation, padding and the gradient of slicing.
 */
export function scatter32(ndim: i32, shape: usize, x: usize, out: usize, strides: usize): void {
  moveStrided32(ndim, shape, x, out, strides, true);
}
