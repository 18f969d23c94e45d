// Batch-normalization kernels over an (outer, C, inner) view of contiguous data: the
// statistics of channel c run over every outer and inner index. Batch normalization of
// (N, C, H, W) is (N, C, H*W); layer and group normalization view their rows as channels
// of (1, rows, features). The sums come from the summation helpers, so long reductions
// keep float32 accuracy.
import { Plain, ROW_TERMS, sumRows, sumRun } from './summation';

// ---------------------------------------------------------------- per-channel sums

// What is summed, given a, b and the channel's centre m: a; (a - m)^2; a b.
@final class SquaredDeviation {
  @inline paired(): bool { return false; }
  @inline centred(): bool { return true; }
  @inline f(a: f32, b: f32, m: f32): f32 { const d = a - m; return d * d; }
  @inline v(a: v128, b: v128, m: v128): v128 { const d = f32x4.sub(a, m); return f32x4.mul(d, d); }
}
@final class Product {
  @inline paired(): bool { return true; }
  @inline centred(): bool { return false; }
  @inline f(a: f32, b: f32, m: f32): f32 { return a * b; }
  @inline v(a: v128, b: v128, m: v128): v128 { return f32x4.mul(a, b); }
}

/** out[c] = Σ over (outer, inner) of T(a, b, centre[c]). */
@inline function channelSums<T>(a: usize, b: usize, centre: usize, outer: i32, C: i32, inner: i32, out: usize): void {
  // One channel: numpy drops the axis of length 1 and reduces the whole contiguous array as
  // one run, pairwise.
  if (C == 1) { store<f32>(out, <f32>sumRun<T>(a, b, load<f32>(centre), outer * inner)); return; }
  // Rows of C contiguous channels: sums down the rows.
  if (inner == 1) { sumRows<T>(a, b, centre, outer, C, <usize>C << 2, out); return; }
  // numpy's order (x.mean(axis=(0, 2, 3)) in Chainer's code): a pairwise sum of each (n, c)
  // plane, added n after n in float32; past ROW_TERMS planes the total is carried in float64.
  const ordered = outer <= ROW_TERMS;
  for (let c = 0; c < C; c++) {
    const m = load<f32>(centre + (<usize>c << 2));
    let total: f64 = 0, running: f32 = 0;
    for (let n = 0; n < outer; n++) {
      const base = (<usize>n * <usize>C + <usize>c) * <usize>inner << 2;
      const plane = sumRun<T>(a + base, b + base, m, inner);
      if (ordered) running += <f32>plane;
      else total += plane;
    }
    store<f32>(out + (<usize>c << 2), ordered ? running : <f32>total);
  }
}

// ---------------------------------------------------------------- per-channel maps

// The per-element maps of the forward and backward passes, in Chainer's order: x̂ = (x - mean)
// invstd first, so that a mean far from 0 against the spread does not cancel (y = s x +
// (beta - mean s) with s = gamma invstd lost 0.3% of outputs near 1 for a mean of 1000 and
// a spread of 0.03). p, q, r are constants of the channel, h is x̂, g an element of gy.
/** x̂ itself. */
@final class Standardized {
  @inline f(h: f32, g: f32, p: f32, q: f32, r: f32, invm: f32): f32 { return h; }
  @inline v(h: v128, g: v128, p: v128, q: v128, r: v128, invm: v128): v128 { return h; }
}
/** y = gamma x̂ + beta (p = gamma, q = beta). */
@final class Normalized {
  @inline f(h: f32, g: f32, p: f32, q: f32, r: f32, invm: f32): f32 { return p * h + q; }
  @inline v(h: v128, g: v128, p: v128, q: v128, r: v128, invm: v128): v128 { return f32x4.add(f32x4.mul(p, h), q); }
}
/** gx = gamma invstd (gy - (x̂ ggamma + gbeta) / m) (p = gamma invstd, q = ggamma, r = gbeta). */
@final class NormalizedGrad {
  @inline f(h: f32, g: f32, p: f32, q: f32, r: f32, invm: f32): f32 { return p * (g - (h * q + r) * invm); }
  @inline v(h: v128, g: v128, p: v128, q: v128, r: v128, invm: v128): v128 {
    return f32x4.mul(p, f32x4.sub(g, f32x4.mul(f32x4.add(f32x4.mul(h, q), r), invm)));
  }
}

/** out = T(x̂, g, p[c], q[c], r[c], invm) with x̂ = (x - mean[c]) invstd[c], over the (outer, C, inner) view. */
function channelMap<T>(x: usize, g: usize, mean: usize, invstd: usize, p: usize, q: usize, r: usize, invm: f32,
                       outer: i32, C: i32, inner: i32, out: usize): void {
  const o = changetype<T>(0);
  const vm = f32x4.splat(invm);
  if (inner == 1) {
    const c4 = C & ~3;
    for (let n = 0; n < outer; n++) {
      const row = <usize>n * <usize>C << 2;
      let c = 0;
      for (; c < c4; c += 4) {
        const off = <usize>c << 2, at = row + off;
        const h = f32x4.mul(f32x4.sub(v128.load(x + at), v128.load(mean + off)), v128.load(invstd + off));
        v128.store(out + at, o.v(h, v128.load(g + at), v128.load(p + off), v128.load(q + off), v128.load(r + off), vm));
      }
      for (; c < C; c++) {
        const off = <usize>c << 2, at = row + off;
        const h = (load<f32>(x + at) - load<f32>(mean + off)) * load<f32>(invstd + off);
        store<f32>(out + at, o.f(h, load<f32>(g + at), load<f32>(p + off), load<f32>(q + off), load<f32>(r + off), invm));
      }
    }
    return;
  }
  const i4 = inner & ~3;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < C; c++) {
      const off = <usize>c << 2;
      const cm = load<f32>(mean + off), cs = load<f32>(invstd + off);
      const cp = load<f32>(p + off), cq = load<f32>(q + off), cr = load<f32>(r + off);
      const vmean = f32x4.splat(cm), vs = f32x4.splat(cs), vp = f32x4.splat(cp), vq = f32x4.splat(cq), vr = f32x4.splat(cr);
      const base = (<usize>n * <usize>C + <usize>c) * <usize>inner << 2;
      let i = 0;
      for (; i < i4; i += 4) {
        const at = base + (<usize>i << 2);
        const h = f32x4.mul(f32x4.sub(v128.load(x + at), vmean), vs);
        v128.store(out + at, o.v(h, v128.load(g + at), vp, vq, vr, vm));
      }
      for (; i < inner; i++) {
        const at = base + (<usize>i << 2);
        store<f32>(out + at, o.f((load<f32>(x + at) - cm) * cs, load<f32>(g + at), cp, cq, cr, invm));
      }
    }
  }
}

// ---------------------------------------------------------------- entry points

/**
 * y = gamma (x - mean) / sqrt(var + eps) + beta per channel. With computeStats the batch
 * mean and biased variance are computed into mean and var first (two passes, so the
 * variance does not suffer from cancellation); otherwise they are read from there.
 * invstd receives 1 / sqrt(var + eps) (sqrt(1 / (var + eps)) for given statistics). work holds C floats.
 */
export function batch_norm_forward_f32(x: usize, outer: i32, C: i32, inner: i32, gamma: usize, beta: usize, eps: f32,
                                       mean: usize, variance: usize, computeStats: i32, invstd: usize, work: usize, y: usize): void {
  const m = <f64>outer * <f64>inner;
  if (computeStats) {
    // Plain sums ignore the centre; the work area stands in for it.
    channelSums<Plain>(x, x, work, outer, C, inner, mean);
    for (let c = 0; c < C; c++) store<f32>(mean + (<usize>c << 2), <f32>(<f64>load<f32>(mean + (<usize>c << 2)) / m));
    channelSums<SquaredDeviation>(x, x, mean, outer, C, inner, variance);
    for (let c = 0; c < C; c++) store<f32>(variance + (<usize>c << 2), <f32>(<f64>load<f32>(variance + (<usize>c << 2)) / m));
  }
  for (let c = 0; c < C; c++) {
    const off = <usize>c << 2;
    // float32 steps: Chainer's BatchNormalization takes numpy.reciprocal(numpy.sqrt(var +
    // eps)), its FixedBatchNormalization numpy.sqrt(numpy.reciprocal(var + eps)).
    const v = load<f32>(variance + off) + eps;
    store<f32>(invstd + off, computeStats ? <f32>1.0 / Mathf.sqrt(v) : Mathf.sqrt(<f32>1.0 / v));
  }
  channelMap<Normalized>(x, x, mean, invstd, gamma, beta, beta, 1, outer, C, inner, y);
}

/**
 * Gradients of batch normalization with batch statistics: gbeta = Σ gy,
 * ggamma = Σ gy x̂, gx = gamma invstd (gy - (x̂ ggamma + gbeta) / m), x̂ = (x - mean) invstd.
 * work holds C floats.
 */
export function batch_norm_backward_f32(x: usize, gy: usize, outer: i32, C: i32, inner: i32, gamma: usize, mean: usize, invstd: usize,
                                        work: usize, gx: usize, ggamma: usize, gbeta: usize): void {
  channelSums<Plain>(gy, gy, work, outer, C, inner, gbeta);
  // ggamma sums the products gy x̂ of the rounded x̂, as Chainer's (gy * x_hat).sum(axis):
  // x̂ goes into gx first. (Σ gy (x - mean) times invstd rounds otherwise, and where gx
  // cancels to 1e-8 of gy it was a tenth off.)
  channelMap<Standardized>(x, x, mean, invstd, gamma, gamma, gamma, 0, outer, C, inner, gx);
  channelSums<Product>(gx, gy, work, outer, C, inner, ggamma);
  const gammaInvstd = work;
  for (let c = 0; c < C; c++) {
    const off = <usize>c << 2;
    store<f32>(gammaInvstd + off, load<f32>(gamma + off) * load<f32>(invstd + off));
  }
  channelMap<NormalizedGrad>(x, gy, mean, invstd, gammaInvstd, ggamma, gbeta, <f32>(1.0 / (<f64>outer * <f64>inner)), outer, C, inner, gx);
}

/**
 * A running average updated in place, as Chainer's numpy code does it:
 * avg = avg * decay + weight * batch, each product rounded to float32 before the sum.
 */
export function running_average_f32(avg: usize, batch: usize, n: i32, decay: f32, weight: f32): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(avg + off, load<f32>(avg + off) * decay + weight * load<f32>(batch + off));
  }
}
