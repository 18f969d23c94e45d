// Elementwise kernels: unary maps, binary maps through broadcast strides, select and cast.
// OP is the operation code of assembly/opcodes.ts (Unary or Binary); T is the operand
// element type (float or int), OUT_T the result's. Semantics follow assembly/elementwise.ts.

#if defined(UNARY)
/** The 64-bit product of two 32-bit words as (high, low), from 16-bit halves. */
uvec2 mul32(uint a, uint b) {
  uint a0 = a & 0xffffu, a1 = a >> 16, b0 = b & 0xffffu, b1 = b >> 16;
  uint p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0;
  uint mid = (p00 >> 16) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return uvec2(a1 * b1 + (p01 >> 16) + (p10 >> 16) + (mid >> 16), (mid << 16) | (p00 & 0xffffu));
}

int leadingZeros(uint v) {
  if (v == 0u) return 32;
  int n = 0;
  if ((v & 0xffff0000u) == 0u) { n += 16; v <<= 16; }
  if ((v & 0xff000000u) == 0u) { n += 8; v <<= 8; }
  if ((v & 0xf0000000u) == 0u) { n += 4; v <<= 4; }
  if ((v & 0xc0000000u) == 0u) { n += 2; v <<= 2; }
  if ((v & 0x80000000u) == 0u) n += 1;
  return n;
}

/**
 * Payne-Hanek reduction of a finite ax >= 8192 (where Cephes' three-part pi / 4 runs out of
 * bits; sin(1e21) came out -inf): ax 2 / pi from 192 bits of 2 / pi in integer arithmetic,
 * giving the nearest multiple of pi / 2 (the octant 2 quadrant, mod 8) and the remainder
 * y in [-pi / 4, pi / 4], to about an ulp.
 */
void reduceLarge(float ax, out int octant, out float y) {
  const uint twoOverPi[6] = uint[6](0x3c439041u, 0xdb629599u, 0xf534ddc0u, 0xfc2757d1u, 0x4e441529u, 0xa2f9836eu);
  uint bits = floatBitsToUint(ax);
  uint m = (bits << 8) | 0x80000000u;  // the 24-bit significand, top-aligned: ax = m 2^(E - 158)
  int E = int(bits >> 23);
  uint p[8];
  uint carry = 0u;
  for (int k = 0; k < 6; k++) {
    uvec2 t = mul32(twoOverPi[k], m);
    uint lo = t.y + carry;
    p[k] = lo;
    carry = t.x + (lo < carry ? 1u : 0u);
  }
  p[6] = carry;
  p[7] = 0u;
  // ax 2 / pi = p 2^(E - 350): a 64-bit window of 2 integer bits and 62 fraction bits
  int b = 351 - E - 63;
  int w = b >> 5, sh = b & 31;
  uint hi = sh == 0 ? p[w + 1] : (p[w + 1] >> uint(sh)) | (p[w + 2] << uint(32 - sh));
  uint lo = sh == 0 ? p[w] : (p[w] >> uint(sh)) | (p[w + 1] << uint(32 - sh));
  int quadrant = int(hi >> 30);
  hi = (hi << 2) | (lo >> 30);
  lo <<= 2;
  float sign = 1.0;
  if ((hi & 0x80000000u) != 0u) {
    // a fraction of at least a half rounds up to the next quadrant, leaving 1 - f below it
    quadrant++;
    sign = -1.0;
    hi = ~hi;
    lo = ~lo + 1u;
    if (lo == 0u) hi++;
  }
  octant = (2 * quadrant) & 7;
  int n = hi != 0u ? leadingZeros(hi) : 32 + leadingZeros(lo);
  if (n >= 64) { y = 0.0; return; }
  uint g = n == 0 ? hi : n < 32 ? (hi << uint(n)) | (lo >> uint(32 - n)) : lo << uint(n - 32);
  // f = (g >> 8) 2^(-24 - n), an exact float for these exponents
  float scale = uintBitsToFloat(uint(127 - 24 - n) << 23);
  y = sign * (float(g >> 8) * scale * 1.5707963267948966);
}

/** sin and cos with Cephes' range reduction and polynomials (about 1 ulp), Payne-Hanek's from 8192 on. */
float sinOrCos(float x, bool cosine) {
  if (!cosine && x == 0.0) return x;  // sin(-0) = -0
  if (isinf(x) || isNaN(x)) return NAN;
  float ax = abs(x);
  int q;
  float y;
  if (ax < 8192.0) {
    float j = floor(ax * 1.27323954473516);
    q = int(j);
    if ((q & 1) == 1) { q++; j += 1.0; }
    y = ((ax - j * 0.78515625) - j * 2.4187564849853515625e-4) - j * 3.77489497744594108e-8;
  } else {
    reduceLarge(ax, q, y);
  }
  q &= 7;
  float sign = cosine || x >= 0.0 ? 1.0 : -1.0;
  if (q > 3) { sign = -sign; q -= 4; }
  if (cosine && q > 1) sign = -sign;
  float z = y * y;
  float s = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * y + y;
  float c = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  bool usesCos = (q == 1 || q == 2) != cosine;
  return sign * (usesCos ? c : s);
}

// Near 0, exp(x) - 1 and 1 + x lose the low bits of small results, and the correction
// that restores them (Kahan's: (exp(x) - 1) x / log(exp(x)), log(1 + x) x / ((1 + x) - 1)) is
// what a shader compiler may fold away (SwiftShader does: log1p(1e-7) came out 1.19e-7). So
// small arguments take series that nothing can simplify.

float expm1(float x) {
  if (isNaN(x)) return x;
  if (abs(x) >= 0.5) return exp(x) - 1.0;
  // Taylor to x^9 / 9!: the next term is below 2^-24 of the sum for |x| < 0.5.
  return x * (1.0 + x * (1.0 / 2.0 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0 +
         x * (1.0 / 5040.0 + x * (1.0 / 40320.0 + x * (1.0 / 362880.0)))))))));
}

// e^a / 2 for a > 9, where e^-a / 2 is below half an ulp of it (sinh and cosh): as (e^(a/2) / 2) e^(a/2),
// finite up to a = 89.4 where e^a itself overflows from 88.7 (cosh(89) = 2.24e38), inf for a = inf.
float halfExpLarge(float a) {
  float h = exp(0.5 * a);
  return (0.5 * h) * h;
}

float log1p(float x) {
  if (isNaN(x)) return x;
  if (abs(x) >= 0.5) return logIEEE(1.0 + x);
  return log1pSeries(x);
}

/**
 * A Taylor series below |x| = 0.5 (exact at 0 and relative to small arguments), 1 - erfc
 * above with Numerical Recipes' erfcc (relative error < 1.2e-7), as assembly/elementwise.ts.
 */
float erf(float x) {
  if (isNaN(x)) return x;
  float z = abs(x);
  if (z < 0.5) {
    float s = z * z;
    return 1.1283791670955126 * x * (1.0 - s * (1.0 / 3.0 - s * (0.1 - s * (1.0 / 42.0 - s * (1.0 / 216.0 - s * (1.0 / 1320.0 -
           s * (1.0 / 9360.0 - s / 75600.0)))))));
  }
  if (isinf(z)) return sign(x);
  float t = 1.0 / (1.0 + 0.5 * z);
  float erfc = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
               t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x < 0.0 ? erfc - 1.0 : 1.0 - erfc;
}

float unaryOp(float x) {
#if OP == 0
  return -x;
#elif OP == 1
  return abs(x);
#elif OP == 2
  return expIEEE(x);
#elif OP == 3
  return logIEEE(x);
#elif OP == 4
  return sqrt(x);
#elif OP == 5
  return 1.0 / sqrt(x);
#elif OP == 6
  return x * x;
#elif OP == 7
  return sinOrCos(x, false);
#elif OP == 8
  return sinOrCos(x, true);
#elif OP == 9
  return stableTanh(x);
#elif OP == 10
  return sigmoid(x);
#elif OP == 11
  // numpy.maximum(x, 0): NaN (and -0) pass through.
  return x < 0.0 && !isNaN(x) ? 0.0 : x;
#elif OP == 12
  // numpy's sign: 0 for both zeros, NaN for NaN
  return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : isNaN(x) ? x : 0.0;
#elif OP == 13
  return floor(x);
#elif OP == 14
  return ceil(x);
#elif OP == 15
  return expm1(x);
#elif OP == 16
  return log1p(x);
#elif OP == 17
  return logUndefined(x) ? logSpecial(x) : log2Finite(x);
#elif OP == 18
  return logIEEE(x) * 0.43429448190325176;
#elif OP == 19
  return sinOrCos(x, false) / sinOrCos(x, true);
#elif OP == 20
  return asin(x);
#elif OP == 21
  // Through asin, which is accurate, on the half-angle near +-1 (as Cephes acosf).
  if (x > 0.5) return 2.0 * asin(sqrt(0.5 - 0.5 * x));
  if (x < -0.5) return 3.14159265358979 - 2.0 * asin(sqrt(0.5 + 0.5 * x));
  return 1.5707963267948966 - asin(x);
#elif OP == 22
  return atan(x);
#elif OP == 23
  if (x == 0.0 || isinf(x)) return x;  // sinh(-0) = -0; inf / inf below would be NaN
  float e = expm1(abs(x));
  float s = abs(x) > 9.0 ? halfExpLarge(abs(x)) : 0.5 * (e + e / (e + 1.0));
  return x < 0.0 ? -s : s;
#elif OP == 24
  if (isNaN(x)) return x;
  if (abs(x) > 9.0) return halfExpLarge(abs(x));
  float e = exp(abs(x));
  return 0.5 * (e + 1.0 / e);
#elif OP == 25
  return erf(x);
#elif OP == 26
  return 1.0 / x;
#elif OP == 27
  if (isNaN(x)) return x;  // max() may drop a NaN
  return max(x, 0.0) + log1p(exp(-abs(x)));
#elif OP == 28
  return roundEven(x);
#endif
}

int unaryOp(int x) {
#if OP == 0
  return -x;
#elif OP == 1
  return x < 0 ? -x : x;
#elif OP == 6
  return x * x;
#elif OP == 11
  return x > 0 ? x : 0;
#elif OP == 12
  return x > 0 ? 1 : x < 0 ? -1 : 0;
#else
  return x;  // floor, ceil and round keep integers
#endif
}
#endif

#if defined(BINARY)
/** The sign bit of s on the magnitude of m. */
float withSignOf(float m, float s) {
  return uintBitsToFloat((floatBitsToUint(m) & 0x7fffffffu) | (floatBitsToUint(s) & 0x80000000u));
}

/**
 * C's atan2 where GLSL's atan(y, x) is undefined or was wrong in SwiftShader (it gave 0 for
 * atan(-0, -1)): y = +-0 gives +-0 right of the origin and +-pi left of it; x = +-inf the
 * same, or +-pi/4 and +-3pi/4 with y infinite too.
 */
float arctan2(float y, float x) {
  if (isNaN(x) || isNaN(y)) return NAN;
  bool left = (floatBitsToUint(x) & 0x80000000u) != 0u;
  if (y == 0.0 || (isinf(x) && !isinf(y))) return withSignOf(left ? 3.14159265358979 : 0.0, y);
  if (isinf(x)) return withSignOf(left ? 2.35619449019234 : 0.785398163397448, y);
  return atan(y, x);
}

/** 2^k for 0 <= k <= 127, from its bits. */
float powerOfTwo(int k) {
  return uintBitsToFloat(uint(k + 127) << 23);
}

/**
 * C's fmod, exact, as a - b trunc(a / b) is not where a / b rounds to an integer (1 fmod 0.1
 * gave 0 for 0.09999999): the magnitude of |b| times the largest power of two not above the
 * rest is subtracted until the rest is below |b|, each subtraction exact (the two are within
 * a factor of two). The result has the dividend's sign, zero included.
 */
float remainder(float a, float b) {
  if (isNaN(a) || isNaN(b) || isinf(a) || b == 0.0) return NAN;
  float d = abs(b), r = abs(a);
  for (int i = 0; i < 300 && r >= d; i++) {
    int k = int(floatBitsToUint(r) >> 23) - int(floatBitsToUint(d) >> 23);
    float s = d * powerOfTwo(min(k, 127)) * powerOfTwo(max(k - 127, 0));
    if (s > r) s *= 0.5;
    r -= s;
  }
  return withSignOf(r, a);
}

/**
 * numpy's floor_divide (npy_divmod): the quotient of a minus the remainder, snapped to an
 * integer, the remainder's sign corrected to the divisor's: 1 // 0.1 is 9, -inf // 2 NaN.
 */
float floorDivide(float a, float b) {
  // the sign of a / b, zeros included
  float quotientSign = withSignOf(1.0, a) * withSignOf(1.0, b);
  if (b == 0.0) return isNaN(a) || a == 0.0 ? NAN : withSignOf(INF, quotientSign);
  float mod = remainder(a, b);
  float div = (a - mod) / b;
  if (mod != 0.0 && (b < 0.0) != (mod < 0.0)) div -= 1.0;
  if (div == 0.0) return withSignOf(0.0, quotientSign);
  float whole = floor(div);
  return div - whole > 0.5 ? whole + 1.0 : whole;
}

float power(float a, float b) {
  // numpy's pow: x^0 = 1, 1^y = 1, (-1)^(+-inf) = 1, a negative base only to integral powers.
  if (b == 0.0 || a == 1.0 || (a == -1.0 && isinf(b))) return 1.0;
  if (isNaN(a) || isNaN(b)) return NAN;
  if (b == 1.0) return a;
  if (b == 2.0) return a * a;
  if (isinf(a) && a < 0.0) {
    // C's pow(-inf, b): +-0 for b < 0 and +-inf for b > 0, negative only for odd integral b.
    float r = b > 0.0 ? INF : 0.0;
    return floor(b) == b && mod(b, 2.0) == 1.0 ? -r : r;
  }
  if (b == 0.5) return sqrt(a);
  if (b == -1.0) return 1.0 / a;
  bool integral = floor(b) == b;
  if (integral && abs(b) <= 64.0) {
    // Repeated squaring stays within a few ulp, where exp2(b log2 a) would not.
    float base = b < 0.0 ? 1.0 / a : a;
    int n = int(abs(b));
    float r = 1.0;
    while (n > 0) {
      if ((n & 1) == 1) r *= base;
      base *= base;
      n >>= 1;
    }
    return r;
  }
  // An odd integral power keeps the sign of a base of -0 (pow(-0, -101) = -inf) or below 0.
  bool odd = integral && mod(b, 2.0) == 1.0;
  if (a == 0.0) return withSignOf(b > 0.0 ? 0.0 : INF, odd ? a : 1.0);
  if (a < 0.0 && !integral) return NAN;
  // log2 of a base near 1 through the series: the hardware log2's absolute error, times b,
  // made 0.99999^100000 0.36795 for 0.36738.
  float r = exp2(b * log2Finite(abs(a)));
  return odd && a < 0.0 ? -r : r;
}

float binaryOp(float a, float b) {
#if OP == 0
  return a + b;
#elif OP == 1
  return a - b;
#elif OP == 2
  return a * b;
#elif OP == 3
  return a / b;
#elif OP == 4
  return power(a, b);
#elif OP == 5
  return isNaN(a) || a > b ? a : b;
#elif OP == 6
  return isNaN(a) || a < b ? a : b;
#elif OP == 7
  return a == b ? 1.0 : 0.0;
#elif OP == 8
  return a != b || isNaN(a) || isNaN(b) ? 1.0 : 0.0;
#elif OP == 9
  return a < b ? 1.0 : 0.0;
#elif OP == 10
  return a <= b ? 1.0 : 0.0;
#elif OP == 11
  return a > b ? 1.0 : 0.0;
#elif OP == 12
  return a >= b ? 1.0 : 0.0;
#elif OP == 13
  return arctan2(a, b);
#elif OP == 14
  return remainder(a, b);
#elif OP == 15
  return floorDivide(a, b);
#elif OP == 16
  return a * (1.0 - b * b);
#elif OP == 17
  return a * (b * (1.0 - b));
#elif OP == 18
  return a * (b > 0.0 ? 1.0 : 0.0);
#else
  return NAN;
#endif
}

/** Truncated quotient, computed on magnitudes (GLSL leaves negative operands undefined). */
int truncDiv(int a, int b) {
  uint q = uint(abs(a)) / uint(abs(b));
  return (a < 0) != (b < 0) ? -int(q) : int(q);
}

int binaryOp(int a, int b) {
#if OP == 0
  return a + b;
#elif OP == 1
  return a - b;
#elif OP == 2
  return a * b;
#elif OP == 5
  return max(a, b);
#elif OP == 6
  return min(a, b);
#elif OP == 7
  return int(a == b);
#elif OP == 8
  return int(a != b);
#elif OP == 9
  return int(a < b);
#elif OP == 10
  return int(a <= b);
#elif OP == 11
  return int(a > b);
#elif OP == 12
  return int(a >= b);
#elif OP == 14
  // C remainder: the sign of the dividend; x % 0 gives 0.
  return b == 0 ? 0 : a - truncDiv(a, b) * b;
#elif OP == 15
  // Python floor division; x // 0 gives 0.
  if (b == 0) return 0;
  int q = truncDiv(a, b);
  return (a - q * b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
#else
  return 0;
#endif
}
#endif

#if defined(UNARY)
void main() {
  setOutput(unaryOp(x_at(outIndex())));
}
#elif defined(BINARY)
uniform int u_aStrides[RANK];
uniform int u_bStrides[RANK];

void main() {
  int i = outIndex();
  setOutput(OUT_T(binaryOp(a_at(stridedOffset(i, u_aStrides)), b_at(stridedOffset(i, u_bStrides)))));
}
#elif defined(WHERE)
void main() {
  int i = outIndex();
  setOutput(cond_at(i) != COND_T(0) ? a_at(i) : b_at(i));
}
#elif defined(CAST)
void main() {
  T x = x_at(outIndex());
#if OUT_INT && X_INT
  // int32 to int32: a copy (a resident copy of an int32 parameter or persistent).
  setOutput(x);
#elif OUT_INT
  // Truncation toward zero; NaN, infinities and values out of the int32 range give -2**31,
  // as numpy's astype on x86 (and the wasm cast).
  if (!isNaN(x) && x >= -2147483648.0 && x < 2147483648.0) setOutput(int(x));
  else setOutput(int(0x80000000u));
#else
  setOutput(OUT_T(x));
#endif
}
#elif defined(GATHER)
uniform int u_strides[RANK];
uniform int u_offset;

void main() {
  setOutput(x_at(u_offset + stridedOffset(outIndex(), u_strides)));
}
#endif
