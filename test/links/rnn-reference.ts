// Recurrent cells computed on the host in float64, from Chainer's formulas, to check the
// links against.
export type Mat = number[][];

export const sig = (v: number) => 1 / (1 + Math.exp(-v));

/** x W^T + b for x (B, in), W (out, in). */
export function affine(x: Mat, W: Mat, b: number[] | null): Mat {
  return x.map((row) => W.map((w, o) => w.reduce((s, v, i) => s + v * row[i], 0) + (b ? b[o] : 0)));
}

export const addM = (a: Mat, b: Mat) => a.map((r, i) => r.map((v, j) => v + b[i][j]));

/**
 * One LSTM step with the interleaved layout: z[:, 4k + (0, 1, 2, 3)] = (a, i, f, o) of
 * unit k. Rows of c beyond z's rows are carried over.
 */
export function lstmStep(c: Mat, z: Mat): { c: Mat; h: Mat } {
  const units = c[0].length;
  const cNew = c.map((r) => [...r]);
  const h: Mat = [];
  z.forEach((row, n) => {
    h.push([]);
    for (let k = 0; k < units; k++) {
      const a = Math.tanh(row[4 * k]), i = sig(row[4 * k + 1]), f = sig(row[4 * k + 2]), o = sig(row[4 * k + 3]);
      cNew[n][k] = a * i + c[n][k] * f;
      h[n].push(Math.tanh(cNew[n][k]) * o);
    }
  });
  return { c: cNew, h };
}

export interface GRUWeights { W_r: [Mat, number[]]; U_r: [Mat, number[]]; W_z: [Mat, number[]]; U_z: [Mat, number[]]; W: [Mat, number[]]; U: [Mat, number[]] }

/** One GRU step; with h null, Chainer's stateful first step sig(W_z x) * tanh(W x). */
export function gruStep(w: GRUWeights, h: Mat | null, x: Mat): Mat {
  const lin = (p: [Mat, number[]], v: Mat) => affine(v, p[0], p[1]);
  if (h === null) {
    const z = lin(w.W_z, x), hb = lin(w.W, x);
    return z.map((r, n) => r.map((v, k) => sig(v) * Math.tanh(hb[n][k])));
  }
  const r = addM(lin(w.W_r, x), lin(w.U_r, h)).map((row) => row.map(sig));
  const z = addM(lin(w.W_z, x), lin(w.U_z, h)).map((row) => row.map(sig));
  const rh = r.map((row, n) => row.map((v, k) => v * h[n][k]));
  const hb = addM(lin(w.W, x), lin(w.U, rh)).map((row) => row.map(Math.tanh));
  return z.map((row, n) => row.map((zz, k) => zz * hb[n][k] + (1 - zz) * h[n][k]));
}
