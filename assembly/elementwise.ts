// Elementwise kernels: unary maps over contiguous data and binary maps with numpy
// broadcasting. Each operation is a tiny class with a scalar `f` and, where a vector
// instruction (or vmath.ts) computes it, a vector `v`; the loops are generic over it, so one
// loop serves every operation without indirect calls. An operation without `v` runs the
// scalar loop alone (four scalar calls in a vector's lanes are no faster, only larger).
import { Unary, Binary } from './opcodes';
import { sizeAndCounters, advance } from './strides';
import { expOf, logOf, vexp, vlog, vsigmoid, vtanh } from './vmath';
import { maxNaN, minNaN, vmaxNaN, vminNaN } from './simd';

// ---------------------------------------------------------------- unary (float32)

// erf as glsl/elementwise.glsl computes it, here in double precision: a Taylor series below
// |x| = 0.5 (exact at 0 and to the last bit of small arguments, where an absolute error
// bound would be a large relative one), 1 - erfc above, erfc by Numerical Recipes' erfcc
// (relative error < 1.2e-7).
@inline function erf(x: f32): f32 {
  const z = Math.abs(<f64>x);
  if (z < 0.5) {
    const s = z * z;
    const series = 1 - s * (1.0 / 3 - s * (1.0 / 10 - s * (1.0 / 42 - s * (1.0 / 216 - s * (1.0 / 1320 - s * (1.0 / 9360 - s / 75600))))));
    return <f32>(1.1283791670955126 * <f64>x * series);
  }
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return <f32>(x < 0 ? erfc - 1 : 1 - erfc);
}

@final class Neg { @inline f(x: f32): f32 { return -x; } @inline v(x: v128): v128 { return f32x4.neg(x); } }
@final class Abs { @inline f(x: f32): f32 { return Mathf.abs(x); } @inline v(x: v128): v128 { return f32x4.abs(x); } }
// exp, tanh and sigmoid run as whole vectors (vmath.ts); the tail uses the same code on
// one lane, so an element's value does not depend on its position.
@final class Exp { @inline f(x: f32): f32 { return expOf(x); } @inline v(x: v128): v128 { return vexp(x); } }
@final class Log { @inline f(x: f32): f32 { return logOf(x); } @inline v(x: v128): v128 { return vlog(x); } }
@final class Sqrt { @inline f(x: f32): f32 { return Mathf.sqrt(x); } @inline v(x: v128): v128 { return f32x4.sqrt(x); } }
@final class Rsqrt { @inline f(x: f32): f32 { return <f32>1 / Mathf.sqrt(x); } @inline v(x: v128): v128 { return f32x4.div(f32x4.splat(1), f32x4.sqrt(x)); } }
@final class Square { @inline f(x: f32): f32 { return x * x; } @inline v(x: v128): v128 { return f32x4.mul(x, x); } }
@final class Sin { @inline f(x: f32): f32 { return <f32>Math.sin(x); } }
@final class Cos { @inline f(x: f32): f32 { return <f32>Math.cos(x); } }
@final class Tan { @inline f(x: f32): f32 { return <f32>Math.tan(x); } }
@final class Tanh { @inline f(x: f32): f32 { return f32x4.extract_lane(vtanh(f32x4.splat(x)), 0); } @inline v(x: v128): v128 { return vtanh(x); } }
@final class Sigmoid {
  // 0.5 tanh(0.5 x) + 0.5 is Chainer's formula: stable for large |x| in both directions.
  @inline f(x: f32): f32 { return f32x4.extract_lane(vsigmoid(f32x4.splat(x)), 0); }
  @inline v(x: v128): v128 { return vsigmoid(x); }
}
// pmax(x, 0) is x < 0 ? 0 : x lane by lane: NaN (and -0) pass through, as in numpy.maximum(x, 0).
@final class Relu { @inline f(x: f32): f32 { return x < 0 ? 0 : x; } @inline v(x: v128): v128 { return f32x4.pmax(x, f32x4.splat(0)); } }
// numpy's sign: 0 for both zeros, NaN for NaN.
@final class Sign { @inline f(x: f32): f32 { return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x; } }
@final class Floor { @inline f(x: f32): f32 { return Mathf.floor(x); } @inline v(x: v128): v128 { return f32x4.floor(x); } }
@final class Ceil { @inline f(x: f32): f32 { return Mathf.ceil(x); } @inline v(x: v128): v128 { return f32x4.ceil(x); } }
@final class Round { @inline f(x: f32): f32 { return nearest<f32>(x); } @inline v(x: v128): v128 { return f32x4.nearest(x); } }
@final class Expm1 { @inline f(x: f32): f32 { return <f32>Math.expm1(x); } }
@final class Log1p { @inline f(x: f32): f32 { return <f32>Math.log1p(x); } }
@final class Log2 { @inline f(x: f32): f32 { return <f32>Math.log2(x); } }
@final class Log10 { @inline f(x: f32): f32 { return <f32>Math.log10(x); } }
@final class Arcsin { @inline f(x: f32): f32 { return <f32>Math.asin(x); } }
@final class Arccos { @inline f(x: f32): f32 { return <f32>Math.acos(x); } }
@final class Arctan { @inline f(x: f32): f32 { return <f32>Math.atan(x); } }
@final class Sinh { @inline f(x: f32): f32 { return <f32>Math.sinh(x); } }
@final class Cosh { @inline f(x: f32): f32 { return <f32>Math.cosh(x); } }
@final class Erf { @inline f(x: f32): f32 { return erf(x); } }
@final class Reciprocal { @inline f(x: f32): f32 { return <f32>1 / x; } @inline v(x: v128): v128 { return f32x4.div(f32x4.splat(1), x); } }
@final class Softplus {
  // log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
  @inline f(x: f32): f32 { const a = <f64>x; return <f32>(Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)))); }
}

@inline function mapUnary<O, T>(x: usize, out: usize, n: i32): void {
  const o = changetype<O>(0);
  let i = 0;
  if (isDefined(o.v)) {
    for (const n4 = n & ~3; i < n4; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, o.v(v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<T>(out + off, o.f(load<T>(x + off)));
  }
}

export function unary_f32(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case Unary.Neg: mapUnary<Neg, f32>(x, out, n); break;
    case Unary.Abs: mapUnary<Abs, f32>(x, out, n); break;
    case Unary.Exp: mapUnary<Exp, f32>(x, out, n); break;
    case Unary.Log: mapUnary<Log, f32>(x, out, n); break;
    case Unary.Sqrt: mapUnary<Sqrt, f32>(x, out, n); break;
    case Unary.Rsqrt: mapUnary<Rsqrt, f32>(x, out, n); break;
    case Unary.Square: mapUnary<Square, f32>(x, out, n); break;
    case Unary.Sin: mapUnary<Sin, f32>(x, out, n); break;
    case Unary.Cos: mapUnary<Cos, f32>(x, out, n); break;
    case Unary.Tanh: mapUnary<Tanh, f32>(x, out, n); break;
    case Unary.Sigmoid: mapUnary<Sigmoid, f32>(x, out, n); break;
    case Unary.Relu: mapUnary<Relu, f32>(x, out, n); break;
    case Unary.Sign: mapUnary<Sign, f32>(x, out, n); break;
    case Unary.Floor: mapUnary<Floor, f32>(x, out, n); break;
    case Unary.Ceil: mapUnary<Ceil, f32>(x, out, n); break;
    case Unary.Expm1: mapUnary<Expm1, f32>(x, out, n); break;
    case Unary.Log1p: mapUnary<Log1p, f32>(x, out, n); break;
    case Unary.Log2: mapUnary<Log2, f32>(x, out, n); break;
    case Unary.Log10: mapUnary<Log10, f32>(x, out, n); break;
    case Unary.Tan: mapUnary<Tan, f32>(x, out, n); break;
    case Unary.Arcsin: mapUnary<Arcsin, f32>(x, out, n); break;
    case Unary.Arccos: mapUnary<Arccos, f32>(x, out, n); break;
    case Unary.Arctan: mapUnary<Arctan, f32>(x, out, n); break;
    case Unary.Sinh: mapUnary<Sinh, f32>(x, out, n); break;
    case Unary.Cosh: mapUnary<Cosh, f32>(x, out, n); break;
    case Unary.Erf: mapUnary<Erf, f32>(x, out, n); break;
    case Unary.Reciprocal: mapUnary<Reciprocal, f32>(x, out, n); break;
    case Unary.Softplus: mapUnary<Softplus, f32>(x, out, n); break;
    case Unary.Round: mapUnary<Round, f32>(x, out, n); break;
    default: unreachable();
  }
}

// ---------------------------------------------------------------- unary (int32)

@final class NegI { @inline f(x: i32): i32 { return -x; } @inline v(x: v128): v128 { return i32x4.neg(x); } }
@final class AbsI { @inline f(x: i32): i32 { return x < 0 ? -x : x; } @inline v(x: v128): v128 { return i32x4.abs(x); } }
@final class SquareI { @inline f(x: i32): i32 { return x * x; } @inline v(x: v128): v128 { return i32x4.mul(x, x); } }
@final class SignI {
  @inline f(x: i32): i32 { return x > 0 ? 1 : x < 0 ? -1 : 0; }
  @inline v(x: v128): v128 { return i32x4.sub(v128.and(i32x4.gt_s(x, i32x4.splat(0)), i32x4.splat(1)), v128.and(i32x4.lt_s(x, i32x4.splat(0)), i32x4.splat(1))); }
}
@final class ReluI { @inline f(x: i32): i32 { return x > 0 ? x : 0; } @inline v(x: v128): v128 { return i32x4.max_s(x, i32x4.splat(0)); } }
@final class IdentityI { @inline f(x: i32): i32 { return x; } @inline v(x: v128): v128 { return x; } }

/** Integer versions of the unary operations that keep integers integral. */
export function unary_i32(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case Unary.Neg: mapUnary<NegI, i32>(x, out, n); break;
    case Unary.Abs: mapUnary<AbsI, i32>(x, out, n); break;
    case Unary.Square: mapUnary<SquareI, i32>(x, out, n); break;
    case Unary.Sign: mapUnary<SignI, i32>(x, out, n); break;
    case Unary.Relu: mapUnary<ReluI, i32>(x, out, n); break;
    case Unary.Floor: case Unary.Ceil: case Unary.Round: mapUnary<IdentityI, i32>(x, out, n); break;
    default: unreachable();
  }
}

// ---------------------------------------------------------------- binary (float32)

@inline function bits(c: bool): f32 { return reinterpret<f32>(<i32>c); }
@inline function maskBits(m: v128): v128 { return v128.and(m, i32x4.splat(1)); }

@final class Add { @inline f(a: f32, b: f32): f32 { return a + b; } @inline v(a: v128, b: v128): v128 { return f32x4.add(a, b); } }
@final class Sub { @inline f(a: f32, b: f32): f32 { return a - b; } @inline v(a: v128, b: v128): v128 { return f32x4.sub(a, b); } }
@final class Mul { @inline f(a: f32, b: f32): f32 { return a * b; } @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, b); } }
@final class Div { @inline f(a: f32, b: f32): f32 { return a / b; } @inline v(a: v128, b: v128): v128 { return f32x4.div(a, b); } }
// numpy's (C99's) pow: 1^y = 1 and (-1)^(+-inf) = 1, where Math.pow follows JavaScript (NaN).
@final class Pow { @inline f(a: f32, b: f32): f32 { return a == 1 || (a == -1 && Mathf.abs(b) == Infinity) ? 1 : <f32>Math.pow(a, b); } }
// numpy's maximum/minimum propagate NaN.
@final class Maximum { @inline f(a: f32, b: f32): f32 { return maxNaN(a, b); } @inline v(a: v128, b: v128): v128 { return vmaxNaN(a, b); } }
@final class Minimum { @inline f(a: f32, b: f32): f32 { return minNaN(a, b); } @inline v(a: v128, b: v128): v128 { return vminNaN(a, b); } }
@final class Equal { @inline f(a: f32, b: f32): f32 { return bits(a == b); } @inline v(a: v128, b: v128): v128 { return maskBits(f32x4.eq(a, b)); } }
@final class NotEqual { @inline f(a: f32, b: f32): f32 { return bits(a != b); } @inline v(a: v128, b: v128): v128 { return maskBits(f32x4.ne(a, b)); } }
@final class Less { @inline f(a: f32, b: f32): f32 { return bits(a < b); } @inline v(a: v128, b: v128): v128 { return maskBits(f32x4.lt(a, b)); } }
@final class LessEqual { @inline f(a: f32, b: f32): f32 { return bits(a <= b); } @inline v(a: v128, b: v128): v128 { return maskBits(f32x4.le(a, b)); } }
@final class Greater { @inline f(a: f32, b: f32): f32 { return bits(a > b); } @inline v(a: v128, b: v128): v128 { return maskBits(f32x4.gt(a, b)); } }
@final class GreaterEqual { @inline f(a: f32, b: f32): f32 { return bits(a >= b); } @inline v(a: v128, b: v128): v128 { return maskBits(f32x4.ge(a, b)); } }
@final class Arctan2 { @inline f(a: f32, b: f32): f32 { return <f32>Math.atan2(a, b); } }
// numpy.fmod: the remainder has the sign of the dividend (C fmod).
@final class Fmod { @inline f(a: f32, b: f32): f32 { return <f32>(<f64>a % <f64>b); } }
// numpy's floor_divide (npy_divmod): the quotient of a - fmod(a, b), which is exact, snapped
// to an integer, with the remainder's sign corrected to the divisor's: 1 // 0.1 is 9 (as
// 1 = 9 * 0.1 + 0.0999...; floor(1 / 0.1) rounds to 10 first), -inf // 2 is NaN, -5 // inf -1.
@final class FloorDiv {
  @inline f(a: f32, b: f32): f32 {
    if (b == 0) return a / b;
    const mod = <f32>(<f64>a % <f64>b);
    let div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
    if (div == 0) return copysign<f32>(0, a / b);
    const whole = Mathf.floor(div);
    return div - whole > 0.5 ? whole + 1 : whole;
  }
}

// Activation gradients from the output b and the upstream gradient a, in the order of the
// separate products they replace (so the bits are the same): a (1 - b b), a (b (1 - b)),
// a [b > 0] (a product, so a NaN gradient stays NaN where the mask is 0, as in Chainer).
@final class TanhGrad {
  @inline f(a: f32, b: f32): f32 { return a * (1 - b * b); }
  @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, f32x4.sub(f32x4.splat(1), f32x4.mul(b, b))); }
}
@final class SigmoidGrad {
  @inline f(a: f32, b: f32): f32 { return a * (b * (1 - b)); }
  @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, f32x4.mul(b, f32x4.sub(f32x4.splat(1), b))); }
}
@final class ReluGrad {
  @inline f(a: f32, b: f32): f32 { return a * (b > 0 ? <f32>1 : <f32>0); }
  @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, v128.and(f32x4.gt(b, f32x4.splat(0)), f32x4.splat(1))); }
}

// The innermost dimension is a contiguous run of the output; a and b step through it with
// strides 1 (dense) or 0 (broadcast). Other strides take the scalar path.
@inline function mapBinary<O, T>(ndim: i32, shape: usize, a: usize, as: usize, b: usize, bs: usize, out: usize): void {
  const o = changetype<O>(0);
  const inner = load<i32>(shape + (<usize>(ndim - 1) << 2));
  const sa = load<i32>(as + (<usize>(ndim - 1) << 2));
  const sb = load<i32>(bs + (<usize>(ndim - 1) << 2));
  const total = sizeAndCounters(ndim, shape);
  const rows = inner == 0 ? 0 : total / inner;
  let pa: isize = 0, pb: isize = 0;
  const n4 = inner & ~3;
  for (let r = 0; r < rows; r++) {
    const ap = a + (pa << 2), bp = b + (pb << 2);
    let i = 0;
    if (!isDefined(o.v)) {
      // scalar operations take the loop below
    } else if (sa == 1 && sb == 1) {
      for (; i < n4; i += 4) { const off = <usize>i << 2; v128.store(out + off, o.v(v128.load(ap + off), v128.load(bp + off))); }
    } else if (sa == 1 && sb == 0) {
      const vb = v128.splat<T>(load<T>(bp));
      for (; i < n4; i += 4) { const off = <usize>i << 2; v128.store(out + off, o.v(v128.load(ap + off), vb)); }
    } else if (sa == 0 && sb == 1) {
      const va = v128.splat<T>(load<T>(ap));
      for (; i < n4; i += 4) { const off = <usize>i << 2; v128.store(out + off, o.v(va, v128.load(bp + off))); }
    }
    for (; i < inner; i++) {
      store<T>(out + (<usize>i << 2), o.f(load<T>(ap + (<isize>(i * sa) << 2)), load<T>(bp + (<isize>(i * sb) << 2))));
    }
    out += <usize>inner << 2;
    const step = advance(ndim - 1, shape, as, bs);
    pa += <isize>i32(step >> 32); pb += <isize>i32(step & 0xffffffff);
  }
}

export function binary_f32(op: i32, ndim: i32, shape: usize, a: usize, as: usize, b: usize, bs: usize, out: usize): void {
  switch (op) {
    case Binary.Add: mapBinary<Add, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Sub: mapBinary<Sub, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Mul: mapBinary<Mul, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Div: mapBinary<Div, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Pow: mapBinary<Pow, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Maximum: mapBinary<Maximum, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Minimum: mapBinary<Minimum, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Equal: mapBinary<Equal, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.NotEqual: mapBinary<NotEqual, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Less: mapBinary<Less, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.LessEqual: mapBinary<LessEqual, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Greater: mapBinary<Greater, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.GreaterEqual: mapBinary<GreaterEqual, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Arctan2: mapBinary<Arctan2, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Fmod: mapBinary<Fmod, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.FloorDiv: mapBinary<FloorDiv, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.TanhGrad: mapBinary<TanhGrad, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.SigmoidGrad: mapBinary<SigmoidGrad, f32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.ReluGrad: mapBinary<ReluGrad, f32>(ndim, shape, a, as, b, bs, out); break;
    default: unreachable();
  }
}

// ---------------------------------------------------------------- binary (int32)

@inline function ibits(c: bool): i32 { return <i32>c; }
@final class AddI { @inline f(a: i32, b: i32): i32 { return a + b; } @inline v(a: v128, b: v128): v128 { return i32x4.add(a, b); } }
@final class SubI { @inline f(a: i32, b: i32): i32 { return a - b; } @inline v(a: v128, b: v128): v128 { return i32x4.sub(a, b); } }
@final class MulI { @inline f(a: i32, b: i32): i32 { return a * b; } @inline v(a: v128, b: v128): v128 { return i32x4.mul(a, b); } }
@final class MaxI { @inline f(a: i32, b: i32): i32 { return a > b ? a : b; } @inline v(a: v128, b: v128): v128 { return i32x4.max_s(a, b); } }
@final class MinI { @inline f(a: i32, b: i32): i32 { return a < b ? a : b; } @inline v(a: v128, b: v128): v128 { return i32x4.min_s(a, b); } }
@final class EqI { @inline f(a: i32, b: i32): i32 { return ibits(a == b); } @inline v(a: v128, b: v128): v128 { return maskBits(i32x4.eq(a, b)); } }
@final class NeI { @inline f(a: i32, b: i32): i32 { return ibits(a != b); } @inline v(a: v128, b: v128): v128 { return maskBits(i32x4.ne(a, b)); } }
@final class LtI { @inline f(a: i32, b: i32): i32 { return ibits(a < b); } @inline v(a: v128, b: v128): v128 { return maskBits(i32x4.lt_s(a, b)); } }
@final class LeI { @inline f(a: i32, b: i32): i32 { return ibits(a <= b); } @inline v(a: v128, b: v128): v128 { return maskBits(i32x4.le_s(a, b)); } }
@final class GtI { @inline f(a: i32, b: i32): i32 { return ibits(a > b); } @inline v(a: v128, b: v128): v128 { return maskBits(i32x4.gt_s(a, b)); } }
@final class GeI { @inline f(a: i32, b: i32): i32 { return ibits(a >= b); } @inline v(a: v128, b: v128): v128 { return maskBits(i32x4.ge_s(a, b)); } }
// Python semantics: floor division and a modulo with the sign of the divisor; x // 0 gives 0.
@final class FloorDivI {
  // -2^31 // -1 wraps to -2^31 as in numpy (i32.div_s would trap)
  @inline f(a: i32, b: i32): i32 { if (b == 0) return 0; if (b == -1) return -a; const q = a / b; return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q; }
}
@final class FmodI {
  @inline f(a: i32, b: i32): i32 { return b == 0 || b == -1 ? 0 : a % b; }
}

export function binary_i32(op: i32, ndim: i32, shape: usize, a: usize, as: usize, b: usize, bs: usize, out: usize): void {
  switch (op) {
    case Binary.Add: mapBinary<AddI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Sub: mapBinary<SubI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Mul: mapBinary<MulI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Maximum: mapBinary<MaxI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Minimum: mapBinary<MinI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Equal: mapBinary<EqI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.NotEqual: mapBinary<NeI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Less: mapBinary<LtI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.LessEqual: mapBinary<LeI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Greater: mapBinary<GtI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.GreaterEqual: mapBinary<GeI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.FloorDiv: mapBinary<FloorDivI, i32>(ndim, shape, a, as, b, bs, out); break;
    case Binary.Fmod: mapBinary<FmodI, i32>(ndim, shape, a, as, b, bs, out); break;
    default: unreachable();
  }
}

// ---------------------------------------------------------------- select and cast

/** out[i] = cond[i] != 0 ? a[i] : b[i] over 32-bit words of any dtype. */
export function where32(cond: usize, a: usize, b: usize, out: usize, n: i32): void {
  const zero = i32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const off = <usize>i << 2;
    const m = i32x4.ne(v128.load(cond + off), zero);
    v128.store(out + off, v128.bitselect(v128.load(a + off), v128.load(b + off), m));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<i32>(out + off, load<i32>(cond + off) != 0 ? load<i32>(a + off) : load<i32>(b + off));
  }
}

/**
 * float32 -> int32 as numpy's astype on x86: truncation toward zero, and -2**31 (the
 * "integer indefinite") for NaN, infinities and values out of the int32 range.
 */
export function cast_f32_i32(x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  const indefinite = i32x4.splat(i32.MIN_VALUE);
  const limit = f32x4.splat(2147483648.0);
  let i = 0;
  for (; i < n4; i += 4) {
    const off = <usize>i << 2;
    const v = v128.load(x + off);
    // trunc_sat already gives -2**31 below the range; NaN (0) and above the range (2**31 - 1) do not
    const outside = v128.or(f32x4.ne(v, v), f32x4.ge(v, limit));
    v128.store(out + off, v128.bitselect(indefinite, i32x4.trunc_sat_f32x4_s(v), outside));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const v = load<f32>(x + off);
    store<i32>(out + off, v >= -2147483648.0 && v < 2147483648.0 ? <i32>v : i32.MIN_VALUE);
  }
}

export function cast_i32_f32(x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) { const off = <usize>i << 2; v128.store(out + off, f32x4.convert_i32x4_s(v128.load(x + off))); }
  for (; i < n; i++) { const off = <usize>i << 2; store<f32>(out + off, <f32>load<i32>(x + off)); }
}

/** Fill n 32-bit words with one value's bits. */
export function fill32(out: usize, bits: i32, n: i32): void {
  const v = i32x4.splat(bits);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) v128.store(out + (<usize>i << 2), v);
  for (; i < n; i++) store<i32>(out + (<usize>i << 2), bits);
}
