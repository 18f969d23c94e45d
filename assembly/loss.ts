// Softmax cross entropy over the class axis of x read as (N, C, S), against int32 labels
// t (N, S) that the caller has checked to lie in [0, C) or to equal `ignore`. The
// log-sum-exp of each (n, s) over C comes from the softmax kernels; these two loops take
// the loss terms from it and, for backward, the input gradient in one pass over x.
// The arithmetic is the unfused composition's, operation by operation:
//   term = -((x[t] - lse) w)                 w = classWeight[t] (or 1), 0 where ignored
//   gx   = (exp(x - lse) w - [c == t] w) g    g = the upstream gradient of (n, s) times coeff
// (that product in double, rounded once: Chainer's gloss * coeff of a 0-d float32 array
// and a Python or numpy float is a float64 scalar on numpy 1.x, cast to float32 by gx *=)
import { partStart } from './parts';
import { expOf, vexp } from './vmath';
import { Plain, sumRun } from './summation';

@inline function weightOf(label: i32, ignore: i32, cw: usize): f32 {
  if (label == ignore) return 0;
  return cw ? load<f32>(cw + (<usize>label << 2)) : 1;
}

/**
 * Writes the N * S terms and returns nothing; `loss` receives coeff times their sum, added
 * as Chainer's log_p.sum() does (numpy's pairwise sum, sumRun). cw is 0 when there are no
 * class weights.
 */
export function softmax_cross_entropy_f32(x: usize, t: usize, lse: usize, N: i32, C: i32, S: i32,
                                          cw: usize, ignore: i32, coeff: f32, terms: usize, loss: usize): void {
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const idx = <usize>(n * S + s);
      const label = load<i32>(t + (idx << 2));
      let term: f32 = 0;
      if (label != ignore) {
        const logp = load<f32>(x + ((<usize>(n * C + label) * <usize>S + <usize>s) << 2)) - load<f32>(lse + (idx << 2));
        term = -(logp * weightOf(label, ignore, cw));
      }
      store<f32>(terms + (idx << 2), term);
    }
  }
  store<f32>(loss, <f32>sumRun<Plain>(terms, terms, 0, N * S) * coeff);
}

/**
 * gx (N, C, S) from x, t, lse and the upstream gradient g: one value for every (n, s)
 * when gStride is 0 (reduce 'mean'), one per (n, s) when it is 1 (reduce 'no'). Part
 * `part` of `parts` computes a range of n.
 */
export function softmax_cross_entropy_grad_f32(x: usize, t: usize, lse: usize, N: i32, C: i32, S: i32,
                                               cw: usize, ignore: i32, g: usize, gStride: i32, coeff: f64, gx: usize,
                                               part: i32, parts: i32): void {
  for (let n = partStart(N, 1, part, parts), end = partStart(N, 1, part + 1, parts); n < end; n++) {
    for (let s = 0; s < S; s++) {
      const idx = <usize>(n * S + s);
      const label = load<i32>(t + (idx << 2));
      const w = weightOf(label, ignore, cw);
      const scale = <f32>(<f64>load<f32>(g + ((idx * <usize>gStride) << 2)) * coeff);
      const m = load<f32>(lse + (idx << 2));
      const base = <usize>n * <usize>C * <usize>S + <usize>s;
      if (S == 1) {
        // A contiguous row of C classes: whole vectors, then the tail.
        const xr = x + (base << 2), gr = gx + (base << 2);
        const vm = f32x4.splat(m), vw = f32x4.splat(w), vs = f32x4.splat(scale);
        const c4 = C & ~3;
        let c = 0;
        for (; c < c4; c += 4) {
          const off = <usize>c << 2;
          const p = vexp(f32x4.sub(v128.load(xr + off), vm));
          v128.store(gr + off, f32x4.mul(f32x4.mul(p, vw), vs));
        }
        for (; c < C; c++) {
          const off = <usize>c << 2;
          const p = expOf(load<f32>(xr + off) - m);
          store<f32>(gr + off, (p * w) * scale);
        }
      } else {
        for (let c = 0; c < C; c++) {
          const off = (base + <usize>c * <usize>S) << 2;
          const p = expOf(load<f32>(x + off) - m);
          store<f32>(gx + off, (p * w) * scale);
        }
      }
      // The label's own class also subtracts w (nothing to do where it is ignored).
      if (label != ignore) {
        const off = (base + <usize>label * <usize>S) << 2;
        const p = expOf(load<f32>(x + off) - m);
        store<f32>(gx + off, (p * w - w) * scale);
      }
    }
  }
}
