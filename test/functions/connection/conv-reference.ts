// Direct nested-loop references for the 2-D convolutions, in float64, written from the
// definitions (not from the library's im2col/GEMM route).

export interface RefParams {
  sy?: number; sx?: number; ph?: number; pw?: number; dy?: number; dx?: number; groups?: number;
}

function full(p: RefParams) {
  return { sy: p.sy ?? 1, sx: p.sx ?? 1, ph: p.ph ?? 0, pw: p.pw ?? 0, dy: p.dy ?? 1, dx: p.dx ?? 1, groups: p.groups ?? 1 };
}

/** y[n, o, oy, ox] = b[o] + sum x[n, c, oy sy - ph + ky dy, ox sx - pw + kx dx] W[o, c - group start, ky, kx]. */
export function convRef(x: ArrayLike<number>, xs: number[], W: ArrayLike<number>, ws: number[], b: ArrayLike<number> | null,
                        params: RefParams, oh: number, ow: number): Float64Array {
  const { sy, sx, ph, pw, dy, dx, groups } = full(params);
  const [N, C, H, Wd] = xs;
  const [O, Cg, kh, kw] = ws;
  const Og = O / groups;
  const y = new Float64Array(N * O * oh * ow);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) {
    const g = Math.floor(o / Og);
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
      let s = b ? b[o] : 0;
      for (let cg = 0; cg < Cg; cg++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
        const iy = oy * sy - ph + ky * dy, ix = ox * sx - pw + kx * dx;
        if (iy < 0 || iy >= H || ix < 0 || ix >= Wd) continue;
        const c = g * Cg + cg;
        s += x[((n * C + c) * H + iy) * Wd + ix] * W[((o * Cg + cg) * kh + ky) * kw + kx];
      }
      y[((n * O + o) * oh + oy) * ow + ox] = s;
    }
  }
  return y;
}

/** Each x[n, ci, iy, ix] adds x W[ci, co - group start, ky, kx] at (iy sy - ph + ky dy, ix sx - pw + kx dx). */
export function deconvRef(x: ArrayLike<number>, xs: number[], W: ArrayLike<number>, ws: number[], b: ArrayLike<number> | null,
                          params: RefParams, outH: number, outW: number): Float64Array {
  const { sy, sx, ph, pw, dy, dx, groups } = full(params);
  const [N, Cin, H, Wd] = xs;
  const [, CoutG, kh, kw] = ws;
  const CinG = Cin / groups, Cout = CoutG * groups;
  const y = new Float64Array(N * Cout * outH * outW);
  for (let n = 0; n < N; n++) for (let co = 0; co < Cout; co++) for (let i = 0; i < outH * outW; i++) y[(n * Cout + co) * outH * outW + i] = b ? b[co] : 0;
  for (let n = 0; n < N; n++) for (let ci = 0; ci < Cin; ci++) {
    const g = Math.floor(ci / CinG);
    for (let iy = 0; iy < H; iy++) for (let ix = 0; ix < Wd; ix++) {
      const v = x[((n * Cin + ci) * H + iy) * Wd + ix];
      for (let cog = 0; cog < CoutG; cog++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
        const oy = iy * sy - ph + ky * dy, ox = ix * sx - pw + kx * dx;
        if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
        const co = g * CoutG + cog;
        y[((n * Cout + co) * outH + oy) * outW + ox] += v * W[((ci * CoutG + cog) * kh + ky) * kw + kx];
      }
    }
  }
  return y;
}
