// Batch-normalization kernels over an (outer, C, inner) view of contiguous data: the
// statistics of channel c run over every outer and inner index. Batch normalization of
// (N, C, H, W) is (N, C, H*W); layer and group normalization view their rows as channels
// of (1, rows, features). The sums come from the summation helpers, so long reductions
// keep float32 accuracy.
import { Plain, sumRows, sumRun } from './summation';

// ---------------------------------------------------------------- per-channel sums

// What is summed, given a, b and the channel's centre m: a; (a - m)^2; b (a - m).
@final class SquaredDeviation {
  @inline paired(): bool { return false; }
  @inline centred(): bool { return true; }
  @inline f(a: f32, b: f32, m: f32): f32 { const d = a - m; return d * d; }
  @inline v(a: v128, b: v128, m: v128): v128 { const d = f32x4.sub(a, m); return f32x4.mul(d, d); }
}
@final class WeightedDeviation {
  @inline paired(): bool { return true; }
  @inline centred(): bool { return true; }
  @inline f(a: f32, b: f32, m: f32): f32 { return b * (a - m); }
  @inline v(a: v128, b: v128, m: v128): v128 { return f32x4.mul(b, f32x4.sub(a, m)); }
}

/** out[c] = Σ over (outer, inner) of T(a, b, centre[c]). */
@inline function channelSums<T>(a: usize, b: usize, centre: usize, outer: i32, C: i32, inner: i32, out: usize): void {
  // Rows of C contiguous channels: sums down the rows.
  if (inner == 1) { sumRows<T>(a, b, centre, outer, C, <usize>C << 2, out); return; }
  for (let c = 0; c < C; c++) {
    const m = load<f32>(centre + (<usize>c << 2));
    let total: f64 = 0;
    for (let n = 0; n < outer; n++) {
      const base = (<usize>n * <usize>C + <usize>c) * <usize>inner << 2;
      total += sumRun<T>(a + base, b + base, m, inner);
    }
    store<f32>(out + (<usize>c << 2), <f32>total);
  }
}

// ---------------------------------------------------------------- per-channel affine maps

/** out = p[c] a + q[c] b + r[c] over the (outer, C, inner) view. */
function channelAffine(a: usize, b: usize, p: usize, q: usize, r: usize, outer: i32, C: i32, inner: i32, out: usize): void {
  if (inner == 1) {
    const c4 = C & ~3;
    for (let n = 0; n < outer; n++) {
      const row = <usize>n * <usize>C << 2;
      let c = 0;
      for (; c < c4; c += 4) {
        const off = <usize>c << 2;
        const v = f32x4.add(f32x4.mul(v128.load(p + off), v128.load(a + row + off)), f32x4.mul(v128.load(q + off), v128.load(b + row + off)));
        v128.store(out + row + off, f32x4.add(v, v128.load(r + off)));
      }
      for (; c < C; c++) {
        const off = <usize>c << 2;
        store<f32>(out + row + off, load<f32>(p + off) * load<f32>(a + row + off) + load<f32>(q + off) * load<f32>(b + row + off) + load<f32>(r + off));
      }
    }
    return;
  }
  const i4 = inner & ~3;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < C; c++) {
      const cp = load<f32>(p + (<usize>c << 2)), cq = load<f32>(q + (<usize>c << 2)), cr = load<f32>(r + (<usize>c << 2));
      const vp = f32x4.splat(cp), vq = f32x4.splat(cq), vr = f32x4.splat(cr);
      const base = (<usize>n * <usize>C + <usize>c) * <usize>inner << 2;
      let i = 0;
      for (; i < i4; i += 4) {
        const off = base + (<usize>i << 2);
        v128.store(out + off, f32x4.add(f32x4.add(f32x4.mul(vp, v128.load(a + off)), f32x4.mul(vq, v128.load(b + off))), vr));
      }
      for (; i < inner; i++) {
        const off = base + (<usize>i << 2);
        store<f32>(out + off, cp * load<f32>(a + off) + cq * load<f32>(b + off) + cr);
      }
    }
  }
}

// ---------------------------------------------------------------- entry points

/**
 * y = gamma (x - mean) / sqrt(var + eps) + beta per channel. With computeStats the batch
 * mean and biased variance are computed into mean and var first (two passes, so the
 * variance does not suffer from cancellation); otherwise they are read from there.
 * invstd receives 1 / sqrt(var + eps). work holds 3 C floats.
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
  const scale = work, zero = work + (<usize>C << 2), shift = work + (<usize>(2 * C) << 2);
  for (let c = 0; c < C; c++) {
    const off = <usize>c << 2;
    const r = <f32>(1.0 / Math.sqrt(<f64>load<f32>(variance + off) + <f64>eps));
    store<f32>(invstd + off, r);
    const s = load<f32>(gamma + off) * r;
    store<f32>(scale + off, s);
    store<f32>(zero + off, 0);
    store<f32>(shift + off, load<f32>(beta + off) - load<f32>(mean + off) * s);
  }
  channelAffine(x, x, scale, zero, shift, outer, C, inner, y);
}

/**
 * Gradients of batch normalization with batch statistics: gbeta = Σ gy,
 * ggamma = Σ gy x̂, gx = gamma invstd (gy - gbeta / m - x̂ ggamma / m), x̂ = (x - mean) invstd.
 * work holds 3 C floats.
 */
export function batch_norm_backward_f32(x: usize, gy: usize, outer: i32, C: i32, inner: i32, gamma: usize, mean: usize, invstd: usize,
                                        work: usize, gx: usize, ggamma: usize, gbeta: usize): void {
  const m = <f32>(<f64>outer * <f64>inner);
  channelSums<Plain>(gy, gy, work, outer, C, inner, gbeta);
  channelSums<WeightedDeviation>(x, gy, mean, outer, C, inner, ggamma);
  const k1 = work, k2 = work + (<usize>C << 2), k3 = work + (<usize>(2 * C) << 2);
  for (let c = 0; c < C; c++) {
    const off = <usize>c << 2;
    const r = load<f32>(invstd + off);
    const gr = load<f32>(gamma + off) * r;
    const gg = load<f32>(ggamma + off) * r; // Σ gy x̂
    store<f32>(ggamma + off, gg);
    const u = gr * r * gg / m;
    store<f32>(k1 + off, gr);
    store<f32>(k2 + off, -u);
    store<f32>(k3 + off, u * load<f32>(mean + off) - gr * load<f32>(gbeta + off) / m);
  }
  channelAffine(gy, x, k1, k2, k3, outer, C, inner, gx);
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
