// Direct nested-loop pooling references in float64, from the definitions.

export interface Window { kh: number; kw: number; sy: number; sx: number; ph: number; pw: number }

/**
 * Max over the in-image taps of each window (padding is -inf); also the first argmax (plane
 * index). A NaN wins, and the first one is the argmax, as numpy's max and argmax; with
 * nothing above -inf the argmax is the first tap (-1 where that is padding).
 */
export function maxPoolRef(x: ArrayLike<number>, xs: number[], w: Window, oh: number, ow: number): { y: Float64Array; at: Int32Array } {
  const [N, C, H, W] = xs;
  const y = new Float64Array(N * C * oh * ow), at = new Int32Array(N * C * oh * ow);
  for (let p = 0; p < N * C; p++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    let best = -Infinity, arg = -1;
    for (let ky = 0; ky < w.kh; ky++) for (let kx = 0; kx < w.kw; kx++) {
      const iy = oy * w.sy - w.ph + ky, ix = ox * w.sx - w.pw + kx;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      const v = x[p * H * W + iy * W + ix];
      if (Number.isNaN(best)) break;
      if (v > best || Number.isNaN(v)) { best = v; arg = iy * W + ix; }
    }
    const iy0 = oy * w.sy - w.ph, ix0 = ox * w.sx - w.pw;
    if (arg < 0 && iy0 >= 0 && iy0 < H && ix0 >= 0 && ix0 < W) arg = iy0 * W + ix0;
    const o = (p * oh + oy) * ow + ox;
    y[o] = best; at[o] = arg;
  }
  return { y, at };
}

/** Sum of the in-image taps of each window divided by kh * kw. */
export function avgPoolRef(x: ArrayLike<number>, xs: number[], w: Window, oh: number, ow: number): Float64Array {
  const [N, C, H, W] = xs;
  const y = new Float64Array(N * C * oh * ow);
  for (let p = 0; p < N * C; p++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    let s = 0;
    for (let ky = 0; ky < w.kh; ky++) for (let kx = 0; kx < w.kw; kx++) {
      const iy = oy * w.sy - w.ph + ky, ix = ox * w.sx - w.pw + kx;
      if (iy >= 0 && iy < H && ix >= 0 && ix < W) s += x[p * H * W + iy * W + ix];
    }
    y[(p * oh + oy) * ow + ox] = s / (w.kh * w.kw);
  }
  return y;
}

/** Every pixel of x added over its window of an outH x outW output (a ones-kernel deconvolution). */
export function unpoolRef(x: ArrayLike<number>, xs: number[], w: Window, outH: number, outW: number): Float64Array {
  const [N, C, H, W] = xs;
  const y = new Float64Array(N * C * outH * outW);
  for (let p = 0; p < N * C; p++) for (let iy = 0; iy < H; iy++) for (let ix = 0; ix < W; ix++) {
    for (let ky = 0; ky < w.kh; ky++) for (let kx = 0; kx < w.kw; kx++) {
      const oy = iy * w.sy - w.ph + ky, ox = ix * w.sx - w.pw + kx;
      if (oy >= 0 && oy < outH && ox >= 0 && ox < outW) y[(p * outH + oy) * outW + ox] += x[p * H * W + iy * W + ix];
    }
  }
  return y;
}
