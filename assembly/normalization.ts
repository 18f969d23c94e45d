// Batch-normalization kernels over an (outer, C, inner) view of contiguous data: the
// statistics of channel c run over every outer and inner index. Batch normalization of
// (N, C, H, W) is (N, C, H*W); layer and group normalization view their rows as channels
// of (1, rows, features). The sums come from the summation helpers, so long reductions
// keep float32 accuracy.
import { Plain, ROW_TERMS, sumRows, sumRun } from './summation';
import { partStart } from './parts';

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

// ---------------------------------------------------------------- standardized rows

// The gradient of the rows that layer and group normalization standardize (rows of cols
// contiguous floats), in the float32 steps of Chainer's code as RowStandardizeGrad takes
// them one array operation at a time: every sum, product and quotient rounds where that
// one rounds, so the bits are the same, in a few passes over each row instead of an array
// per step. Layer steps recompute the row's statistics from x; group steps read the mean
// and invstd of the forward pass.
// @ts-ignore: decorator
@inline const LAYER_STEPS: i32 = 1;

/** out = T(a, g, p, q) over a row, four lanes at a time. */
@inline function rowMap<T>(a: usize, g: usize, p: f32, q: f32, n: i32, out: usize): void {
  const t = changetype<T>(0);
  const vp = f32x4.splat(p), vq = f32x4.splat(q);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, t.v(v128.load(a + o), v128.load(g + o), vp, vq));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, t.f(load<f32>(a + o), load<f32>(g + o), p, q));
  }
}

/** x - mean (p = mean). */
@final class Deviation {
  @inline f(a: f32, g: f32, p: f32, q: f32): f32 { return a - p; }
  @inline v(a: v128, g: v128, p: v128, q: v128): v128 { return f32x4.sub(a, p); }
}
/** x̂ = (x - mean) invstd (p = mean, q = invstd). */
@final class Standardize {
  @inline f(a: f32, g: f32, p: f32, q: f32): f32 { return (a - p) * q; }
  @inline v(a: v128, g: v128, p: v128, q: v128): v128 { return f32x4.mul(f32x4.sub(a, p), q); }
}
/** Layer steps: g invstd + c (x - mean) over a = x - mean (p = invstd, q = c). */
@final class LayerGradTerms {
  @inline f(a: f32, g: f32, p: f32, q: f32): f32 { return g * p + q * a; }
  @inline v(a: v128, g: v128, p: v128, q: v128): v128 { return f32x4.add(f32x4.mul(g, p), f32x4.mul(q, a)); }
}
/** a + p. */
@final class Shift {
  @inline f(a: f32, g: f32, p: f32, q: f32): f32 { return a + p; }
  @inline v(a: v128, g: v128, p: v128, q: v128): v128 { return f32x4.add(a, p); }
}
/** Group steps: (g - p) - x̂ q over a = x̂ (p = mean of g, q = mean of g x̂), times invstd after. */
@final class GroupGradTerms {
  @inline f(a: f32, g: f32, p: f32, q: f32): f32 { return (g - p) - a * q; }
  @inline v(a: v128, g: v128, p: v128, q: v128): v128 { return f32x4.sub(f32x4.sub(g, p), f32x4.mul(a, q)); }
}
/** a p. */
@final class Scale {
  @inline f(a: f32, g: f32, p: f32, q: f32): f32 { return a * p; }
  @inline v(a: v128, g: v128, p: v128, q: v128): v128 { return f32x4.mul(a, p); }
}

/**
 * gx (rows, cols) and the per-row sums ggamma = Σ g x̂, gbeta = Σ g of standardized rows,
 * the rows of this part of the work. Layer steps (steps = 1): mean and invstd are unused.
 */
export function row_standardize_backward_f32(steps: i32, x: usize, g: usize, rows: i32, cols: i32, mean: usize, invstd: usize,
                                             eps: f32, gx: usize, ggamma: usize, gbeta: usize, part: i32, parts: i32): void {
  const n = <f32>cols;
  const rowBytes = <usize>cols << 2;
  for (let r = partStart(rows, 1, part, parts), end = partStart(rows, 1, part + 1, parts); r < end; r++) {
    const xr = x + <usize>r * rowBytes, gr = g + <usize>r * rowBytes, out = gx + <usize>r * rowBytes;
    const gSum = <f32>sumRun<Plain>(gr, gr, 0, cols);
    store<f32>(gbeta + (<usize>r << 2), gSum);
    if (steps == LAYER_STEPS) {
      const mu = <f32>sumRun<Plain>(xr, xr, 0, cols) / n;
      const varEps = <f32>sumRun<SquaredDeviation>(xr, xr, mu, cols) / n + eps;
      const s = <f32>1 / Mathf.sqrt(varEps);
      const invN = <f32>(1.0 / <f64>cols);
      rowMap<Deviation>(xr, xr, mu, 0, cols, out);
      const gInvstd = <f32>sumRun<Product>(out, gr, 0, cols);
      const gVar = gInvstd * (<f32>-1 / varEps) * <f32>0.5 * s;
      rowMap<LayerGradTerms>(out, gr, s, gVar * invN * <f32>2, cols, out);
      const gMu = -<f32>sumRun<Plain>(out, out, 0, cols);
      rowMap<Shift>(out, out, gMu * invN, 0, cols, out);
      store<f32>(ggamma + (<usize>r << 2), gInvstd * s);
    } else {
      const s = load<f32>(invstd + (<usize>r << 2));
      rowMap<Standardize>(xr, xr, load<f32>(mean + (<usize>r << 2)), s, cols, out);
      const gxSum = <f32>sumRun<Product>(out, gr, 0, cols);
      rowMap<GroupGradTerms>(out, gr, gSum / n, gxSum / n, cols, out);
      rowMap<Scale>(out, out, s, 0, cols, out);
      store<f32>(ggamma + (<usize>r << 2), gxSum);
    }
  }
}
