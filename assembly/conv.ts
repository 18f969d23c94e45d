// im2col and col2im for 2-D convolutions (NCHW). A column buffer row k = (c, ky, kx)
// holds, for every output position (oy, ox), the input pixel that kernel tap meets:
// x[c, oy*sy - ph + ky*dy, ox*sx - pw + kx*dx], zero outside the image. Convolution is
// then one GEMM per image; col2im is the adjoint (taps accumulate), which makes the
// transposed convolution and the data gradient. The caller chooses the column layout
// through two strides, so one kernel serves both (N, K, P) and (K, N, P).
import { gemm_f32, gemm_workspace } from './gemm';

/** Geometry of one convolution or pooling call, laid out as 14 i32 in linear memory. */
@unmanaged export class Geometry {
  n: i32; c: i32; h: i32; w: i32;
  kh: i32; kw: i32; sy: i32; sx: i32; ph: i32; pw: i32; dy: i32; dx: i32;
  oh: i32; ow: i32;
}

/** First output index whose sample ox*s + i0 is >= 0. */
@inline export function firstInside(i0: i32, s: i32): i32 {
  return i0 >= 0 ? 0 : (s - 1 - i0) / s;
}

/** One past the last output index (capped at `o`) whose sample ox*s + i0 is < size. */
@inline export function endInside(i0: i32, s: i32, size: i32, o: i32): i32 {
  if (size - i0 <= 0) return 0;
  return min(o, (size - i0 + s - 1) / s);
}

// dst[ox] = src[ox*sx + ix0] for ox in [lo, hi): contiguous copies for stride 1, even
// lanes of two vectors for stride 2, scalar otherwise.
@inline function sampleRow(dst: usize, src: usize, sx: i32, ix0: i32, lo: i32, hi: i32, w: i32): void {
  if (sx == 1) {
    memory.copy(dst + (<usize>lo << 2), src + (<usize>(lo + ix0) << 2), <usize>(hi - lo) << 2);
    return;
  }
  let ox = lo;
  if (sx == 2) {
    // Two vectors cover inputs ix .. ix + 7; the last one read must stay inside the row.
    for (; ox + 4 <= hi && 2 * ox + ix0 + 8 <= w; ox += 4) {
      const p = src + (<usize>(2 * ox + ix0) << 2);
      v128.store(dst + (<usize>ox << 2), v128.shuffle<f32>(v128.load(p), v128.load(p, 16), 0, 2, 4, 6));
    }
  }
  for (; ox < hi; ox++) store<f32>(dst + (<usize>ox << 2), load<f32>(src + (<usize>(ox * sx + ix0) << 2)));
}

// dst[ox*sx + ix0] += src[ox] for ox in [lo, hi).
@inline function accumulateRow(dst: usize, src: usize, sx: i32, ix0: i32, lo: i32, hi: i32): void {
  let ox = lo;
  if (sx == 1) {
    const d = dst + (<usize>ix0 << 2);
    for (; ox + 4 <= hi; ox += 4) {
      const q = d + (<usize>ox << 2);
      v128.store(q, f32x4.add(v128.load(q), v128.load(src + (<usize>ox << 2))));
    }
  }
  for (; ox < hi; ox++) {
    const q = dst + (<usize>(ox * sx + ix0) << 2);
    store<f32>(q, load<f32>(q) + load<f32>(src + (<usize>ox << 2)));
  }
}

/**
 * col[n*strideN + k*strideK + oy*ow + ox] for k = (c*kh + ky)*kw + kx, from x (N, C, H, W).
 */
export function im2col_f32(geom: usize, x: usize, col: usize, strideN: i32, strideK: i32): void {
  const g = changetype<Geometry>(geom);
  const H = g.h, W = g.w, oh = g.oh, ow = g.ow;
  const plane = <usize>H * W;
  for (let n = 0; n < g.n; n++) {
    for (let c = 0; c < g.c; c++) {
      const img = x + ((<usize>n * g.c + c) * plane << 2);
      for (let ky = 0; ky < g.kh; ky++) {
        for (let kx = 0; kx < g.kw; kx++) {
          const k = (c * g.kh + ky) * g.kw + kx;
          const dst = col + ((<usize>n * strideN + <usize>k * strideK) << 2);
          const ix0 = kx * g.dx - g.pw;
          // A tap left of the image for every output (a narrow row with wide padding) has
          // no inside samples: lo is capped at ow so the zero fills stay within the row.
          const lo = min(firstInside(ix0, g.sx), ow), hi = max(lo, endInside(ix0, g.sx, W, ow));
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * g.sy - g.ph + ky * g.dy;
            const row = dst + (<usize>oy * ow << 2);
            if (iy < 0 || iy >= H) { memory.fill(row, 0, <usize>ow << 2); continue; }
            memory.fill(row, 0, <usize>lo << 2);
            sampleRow(row, img + (<usize>iy * W << 2), g.sx, ix0, lo, hi, W);
            memory.fill(row + (<usize>hi << 2), 0, <usize>(ow - hi) << 2);
          }
        }
      }
    }
  }
}

/** The adjoint of im2col_f32: x (N, C, H, W) = sum of the taps in col. */
export function col2im_f32(geom: usize, col: usize, x: usize, strideN: i32, strideK: i32): void {
  const g = changetype<Geometry>(geom);
  const H = g.h, W = g.w, oh = g.oh, ow = g.ow;
  const plane = <usize>H * W;
  memory.fill(x, 0, (<usize>g.n * g.c * plane) << 2);
  for (let n = 0; n < g.n; n++) {
    for (let c = 0; c < g.c; c++) {
      const img = x + ((<usize>n * g.c + c) * plane << 2);
      for (let ky = 0; ky < g.kh; ky++) {
        for (let kx = 0; kx < g.kw; kx++) {
          const k = (c * g.kh + ky) * g.kw + kx;
          const src = col + ((<usize>n * strideN + <usize>k * strideK) << 2);
          const ix0 = kx * g.dx - g.pw;
          const lo = firstInside(ix0, g.sx), hi = endInside(ix0, g.sx, W, ow);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * g.sy - g.ph + ky * g.dy;
            if (iy < 0 || iy >= H) continue;
            accumulateRow(img + (<usize>iy * W << 2), src + (<usize>oy * ow << 2), g.sx, ix0, lo, hi);
          }
        }
      }
    }
  }
}

/**
 * Convolution forward, image by image: y[n, group] (+)= W[group] col(x[n])[group], with
 * y (N, O, P) holding the bias beforehand when accumulating. `geom` describes one image.
 * Part `part` of `parts` (one per thread) takes a range of the images, with its own
 * column buffer and GEMM workspace; with fewer images than parts, every part takes its
 * share of each image's GEMM instead. Either way each output comes out the same.
 */
export function conv2d_f32(geom: usize, images: i32, x: usize, w: usize, y: usize, O: i32, groups: i32,
                           accumulate: i32, col: usize, work: usize, part: i32, parts: i32): void {
  const g = changetype<Geometry>(geom);
  const P = g.oh * g.ow, Kg = g.c / groups * g.kh * g.kw, Og = O / groups;
  const byImage = images >= parts;
  const n0 = byImage ? images * part / parts : 0, n1 = byImage ? images * (part + 1) / parts : images;
  const gemmPart = byImage ? 0 : part, gemmParts = byImage ? 1 : parts;
  const c = col + <usize>part * (<usize>groups * Kg * P << 2);
  // gemm_f32 finds part p's workspace at work + p * gemm_workspace(...).
  const ws = byImage ? work + <usize>part * <usize>gemm_workspace(Og, P, Kg) : work;
  const imageBytes = <usize>g.c * g.h * g.w << 2;
  for (let n = n0; n < n1; n++) {
    im2col_f32(geom, x + <usize>n * imageBytes, c, 0, P);
    for (let gi = 0; gi < groups; gi++) {
      gemm_f32(0, 0, Og, P, Kg, w + (<usize>gi * Og * Kg << 2), Kg, c + (<usize>gi * Kg * P << 2), P,
        y + ((<usize>n * O + gi * Og) * P << 2), P, accumulate, 0, ws, gemmPart, gemmParts);
    }
  }
}
