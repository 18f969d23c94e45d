// 2-D pooling over the planes of NCHW arrays (Geometry.n * Geometry.c planes). Windows
// are row-major; out-of-image taps are -infinity for max and zero for sums. Groups of
// four outputs whose windows lie inside the row run in SIMD lanes; borders are scalar.
// Unpooling and the gradient of sum pooling are col2im with every tap reading the same
// plane (see conv.ts), so they need no kernel of their own.
import { Geometry, firstInside, endInside } from './conv';

// Four taps at src[ix], src[ix + s], src[ix + 2s], src[ix + 3s], reading nothing past the
// last: for stride 2 the even lanes of src[ix .. ix + 3] and the odd ones of src[ix + 3 .. ix + 6].
@inline function strided4(src: usize, ix: i32, s: i32): v128 {
  const p = src + (<usize>ix << 2);
  if (s == 1) return v128.load(p);
  if (s == 2) return v128.shuffle<f32>(v128.load(p), v128.load(p, 12), 0, 2, 5, 7);
  const q = <usize>s << 2;
  let r = f32x4.splat(load<f32>(p));
  r = f32x4.replace_lane(r, 1, load<f32>(p + q));
  r = f32x4.replace_lane(r, 2, load<f32>(p + 2 * q));
  return f32x4.replace_lane(r, 3, load<f32>(p + 3 * q));
}

// One past the largest ox such that four lanes from ox read only inside the row.
@inline function vectorEnd(g: Geometry): i32 {
  // Lanes ox .. ox+3 read up to (ox + 3) sx - pw + kw - 1 < w.
  const last = g.w - 1 - (g.kw - 1) + g.pw - 3 * g.sx;
  return last < 0 ? 0 : last / g.sx + 1;
}

/**
 * y = (sum of each window) / divisor, zero padding: a division, as numpy's mean (Chainer's
 * col.mean). The taps are added in row-major order, or with rowSums each row of the window
 * first and then the rows (numpy's sum over the last two axes of Chainer's integer-scale
 * unpooling gradient).
 */
export function sum_pool_f32(geom: usize, x: usize, y: usize, divisor: f32, rowSums: i32): void {
  const g = changetype<Geometry>(geom);
  const H = g.h, W = g.w, oh = g.oh, ow = g.ow, sx = g.sx;
  const planes = g.n * g.c;
  const lo = firstInside(-g.pw, sx), hi = min(vectorEnd(g), ow);
  const vdivisor = f32x4.splat(divisor);
  for (let p = 0; p < planes; p++) {
    const img = x + (<usize>p * H * W << 2);
    const out = y + (<usize>p * oh * ow << 2);
    for (let oy = 0; oy < oh; oy++) {
      const iy0 = oy * g.sy - g.ph;
      const kyLo = max(0, -iy0), kyHi = min(g.kh, H - iy0);
      const row = out + (<usize>oy * ow << 2);
      let ox = 0;
      for (; ox < ow; ox++) {
        if (ox >= lo && ox < hi) {
          let acc = f32x4.splat(0);
          for (let ky = kyLo; ky < kyHi; ky++) {
            const src = img + (<usize>(iy0 + ky) * W << 2);
            if (rowSums) {
              let r = f32x4.splat(0);
              for (let kx = 0; kx < g.kw; kx++) r = f32x4.add(r, strided4(src, ox * sx - g.pw + kx, sx));
              acc = f32x4.add(acc, r);
            } else {
              for (let kx = 0; kx < g.kw; kx++) acc = f32x4.add(acc, strided4(src, ox * sx - g.pw + kx, sx));
            }
          }
          v128.store(row + (<usize>ox << 2), f32x4.div(acc, vdivisor));
          ox += 3;
          continue;
        }
        const ix0 = ox * sx - g.pw;
        const kxLo = max(0, -ix0), kxHi = min(g.kw, W - ix0);
        let s: f32 = 0;
        for (let ky = kyLo; ky < kyHi; ky++) {
          const src = img + (<usize>((iy0 + ky) * W + ix0) << 2);
          if (rowSums) {
            let r: f32 = 0;
            for (let kx = kxLo; kx < kxHi; kx++) r += load<f32>(src + (<usize>kx << 2));
            s += r;
          } else {
            for (let kx = kxLo; kx < kxHi; kx++) s += load<f32>(src + (<usize>kx << 2));
          }
        }
        store<f32>(row + (<usize>ox << 2), s / divisor);
      }
    }
  }
}

// Whether tap v replaces the window's best so far: it is larger, or it is the window's
// first NaN (a NaN wins and the first one stays, as numpy's max and argmax).
@inline function beats(v: f32, best: f32): bool { return best == best && !(v <= best); }
@inline function vbeats(v: v128, best: v128): v128 { return v128.andnot(f32x4.eq(best, best), f32x4.le(v, best)); }

/**
 * y = max of each window, idx = its position in the plane (iy * W + ix), the first
 * maximum in row-major window order (the first NaN if there is one). A window with no
 * pixel above -infinity has y = -inf and, as numpy's argmax over the -inf-padded window,
 * its first tap: that pixel, or -1 where the tap is padding.
 */
export function max_pool_f32(geom: usize, x: usize, y: usize, idx: usize): void {
  const g = changetype<Geometry>(geom);
  const H = g.h, W = g.w, oh = g.oh, ow = g.ow, sx = g.sx;
  const planes = g.n * g.c;
  const lo = firstInside(-g.pw, sx), hi = min(vectorEnd(g), ow);
  const lanes = i32x4(0, sx, 2 * sx, 3 * sx);
  for (let p = 0; p < planes; p++) {
    const img = x + (<usize>p * H * W << 2);
    const out = <usize>p * oh * ow;
    for (let oy = 0; oy < oh; oy++) {
      const iy0 = oy * g.sy - g.ph;
      const kyLo = max(0, -iy0), kyHi = min(g.kh, H - iy0);
      const o = out + <usize>oy * ow;
      let ox = 0;
      for (; ox < ow; ox++) {
        if (ox >= lo && ox < hi) {
          let best = f32x4.splat(-Infinity);
          let at = i32x4.splat(-1);
          for (let ky = kyLo; ky < kyHi; ky++) {
            const iy = iy0 + ky;
            const src = img + (<usize>iy * W << 2);
            for (let kx = 0; kx < g.kw; kx++) {
              const ix = ox * sx - g.pw + kx;
              const v = strided4(src, ix, sx);
              // A tie does not replace: the first maximum stays.
              const m = vbeats(v, best);
              best = v128.bitselect(v, best, m);
              at = v128.bitselect(i32x4.add(i32x4.splat(iy * W + ix), lanes), at, m);
            }
          }
          // The lanes' windows lie inside the row, so their first taps are pixels when the row is.
          if (iy0 >= 0 && iy0 < H) {
            const first = i32x4.add(i32x4.splat(iy0 * W + ox * sx - g.pw), lanes);
            at = v128.bitselect(first, at, i32x4.eq(at, i32x4.splat(-1)));
          }
          v128.store(y + ((o + ox) << 2), best);
          v128.store(idx + ((o + ox) << 2), at);
          ox += 3;
          continue;
        }
        const ix0 = ox * sx - g.pw;
        const kxLo = max(0, -ix0), kxHi = min(g.kw, W - ix0);
        let best: f32 = -Infinity;
        let at: i32 = -1;
        for (let ky = kyLo; ky < kyHi; ky++) {
          const base = (iy0 + ky) * W + ix0;
          for (let kx = kxLo; kx < kxHi; kx++) {
            const v = load<f32>(img + (<usize>(base + kx) << 2));
            // selects, not a branch: which tap wins is data, and a mispredicted branch per tap cost more than the window
            const wins = beats(v, best);
            best = select<f32>(v, best, wins);
            at = select<i32>(base + kx, at, wins);
          }
        }
        if (at < 0 && iy0 >= 0 && iy0 < H && ix0 >= 0 && ix0 < W) at = iy0 * W + ix0;
        store<f32>(y + ((o + ox) << 2), best);
        store<i32>(idx + ((o + ox) << 2), at);
      }
    }
  }
}

/** gx (planes, inSize) = 0, then gx[p, idx[p, o]] += gy[p, o] (idx -1 is skipped). */
export function max_pool_grad_f32(planes: i32, inSize: i32, outSize: i32, gy: usize, idx: usize, gx: usize): void {
  memory.fill(gx, 0, (<usize>planes * inSize) << 2);
  for (let p = 0; p < planes; p++) {
    const dst = gx + (<usize>p * inSize << 2);
    const base = <usize>p * outSize;
    for (let o = 0; o < outSize; o++) {
      const i = load<i32>(idx + ((base + o) << 2));
      if (i < 0) continue;
      const q = dst + (<usize>i << 2);
      store<f32>(q, load<f32>(q) + load<f32>(gy + ((base + o) << 2)));
    }
  }
}

/** out[p, o] = src[p, idx[p, o]] (-inf where idx is -1, a padding tap): max pooling with known argmax. */
export function max_pool_gather_f32(planes: i32, inSize: i32, outSize: i32, src: usize, idx: usize, out: usize): void {
  for (let p = 0; p < planes; p++) {
    const from = src + (<usize>p * inSize << 2);
    const base = <usize>p * outSize;
    for (let o = 0; o < outSize; o++) {
      const i = load<i32>(idx + ((base + o) << 2));
      store<f32>(out + ((base + o) << 2), i < 0 ? -Infinity : load<f32>(from + (<usize>i << 2)));
    }
  }
}
