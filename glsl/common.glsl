// Index arithmetic shared by every kernel. Each fragment computes one output element: its
// flat index comes from the fragment's position in the output texture (row-major, one
// element per texel), and inputs are read by flat index (x_at, at the texel's centre).
// Integer math is exact in highp, so indices are never rounded.

// Texture rows are a power of two texels wide: `shift` is its log2.
uniform int u_outShift;

/** The flat index of the output element this fragment writes. */
int outIndex() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  return (p.y << u_outShift) + p.x;
}

/** The texel holding flat element i of a texture 2^shift texels wide. */
ivec2 texel(int i, int shift) {
  return ivec2(i & ((1 << shift) - 1), i >> shift);
}

/**
 * Where element i of a (batch, M, N) product sits in gemm.glsl's blocks of 2^rowShift rows
 * by four columns, for geometry (M, N, rowShift, split): block texel q = ((b split) G + m /
 * rows) Nq + n / 4 (G = ceil(M / rows), Nq = ceil(N / 4)) of layer m % rows, component n & 3;
 * as (q, layer, component, G Nq), the last the step to the next chunk of a product split
 * along k.
 */
ivec4 blockTexel(int i, ivec4 geometry) {
  int M = geometry.x, N = geometry.y, rowShift = geometry.z;
  int b = i / (M * N), r = i - b * M * N, m = r / N, n = r - m * N;
  int G = (M + (1 << rowShift) - 1) >> rowShift, Nq = (N + 3) >> 2;
  return ivec4((b * geometry.w * G + (m >> rowShift)) * Nq + (n >> 2), m & ((1 << rowShift) - 1), n & 3, G * Nq);
}

/** Component t.z of texel t.x in layer t.y of a texture array 2^shift texels wide (t from blockTexel). */
float blockElement(highp sampler2DArray tex, int shift, vec2 inv, ivec4 t) {
  return texture(tex, vec3((vec2(texel(t.x, shift)) + 0.5) * inv, float(t.y)))[t.z];
}

/**
 * Element i of rows of K packed four to a texel in rows of 2^pitchShift texels (gemm.glsl's
 * PACK layout), for geometry (K, pitchShift).
 */
float rowsElement(highp sampler2D tex, int shift, vec2 inv, ivec2 geometry, int i) {
  int r = i / geometry.x, k = i - r * geometry.x;
  return texture(tex, (vec2(texel((r << geometry.y) + (k >> 2), shift)) + 0.5) * inv)[k & 3];
}

/** Whether a float is NaN, by bits: compilers may fold x != x away. */
bool isNaN(float x) {
  uint u = floatBitsToUint(x);
  return (u & 0x7f800000u) == 0x7f800000u && (u & 0x007fffffu) != 0u;
}

const float INF = uintBitsToFloat(0x7f800000u);
const float NAN = uintBitsToFloat(0x7fc00000u);

/**
 * A float32 sum whose rounding error does not grow with its length (Kahan compensated
 * summation; a plain running sum of 1e7 copies of 0.1 is 1% off), held as vec2(total,
 * lost): lost is what the last addition rounded away, taken back from the next term. Fed
 * back at each step, the error stays near 2 ulp plus n ulp squared (a separate float32
 * total of the corrections, as Neumaier keeps, would itself drift on 1e7 equal terms).
 * Every long sum of the kernels goes through it, as every wasm one through
 * assembly/summation.ts. Start from vec2(0.0); the sum is .x.
 */
vec2 sumAdd(vec2 s, float x) {
  float y = x - s.y;
  float t = s.x + y;
  // Past infinity there is nothing to compensate (inf - inf would make a NaN of it).
  return vec2(t, isinf(t) ? 0.0 : (t - s.x) - y);
}

/**
 * exp and log with C's values where GLSL leaves them undefined (SwiftShader gave exp(NaN) =
 * inf, log(0) = -88, log(-1) = 0, log(NaN) = 89). Where logUndefined(x), every logarithm is
 * logSpecial(x): -inf at 0, inf at inf, NaN below 0 and for NaN.
 */
bool logUndefined(float x) { return isNaN(x) || x <= 0.0 || isinf(x); }
float logSpecial(float x) { return x == 0.0 ? -INF : x > 0.0 ? x : NAN; }
float expIEEE(float x) { return isNaN(x) ? x : exp(x); }
/**
 * log(1 + d) for |d| < 0.5 as 2 atanh(s), s = d / (2 + d), |s| <= 1/3: odd powers of s to
 * s^15, relative to small results (the hardware log's error is absolute, so log(x) near 1
 * came out hundreds of ulp off: log(0.99933803) as -6.621109e-4 for -6.620691e-4).
 */
float log1pSeries(float d) {
  float s = d / (2.0 + d), z = s * s;
  return 2.0 * s * (1.0 + z * (1.0 / 3.0 + z * (1.0 / 5.0 + z * (1.0 / 7.0 + z * (1.0 / 9.0 + z * (1.0 / 11.0 +
         z * (1.0 / 13.0 + z * (1.0 / 15.0))))))));
}
/** x - 1 is exact for x in [0.5, 2] (Sterbenz), so the series serves log x near 1. */
bool nearOne(float x) { return x > 0.5 && x < 1.5; }
float logIEEE(float x) { return logUndefined(x) ? logSpecial(x) : nearOne(x) ? log1pSeries(x - 1.0) : log(x); }
/** log2 of a positive finite x, through the series near 1 as logIEEE. */
float log2Finite(float x) { return nearOne(x) ? log1pSeries(x - 1.0) * 1.4426950408889634 : log2(x); }

/** tanh without overflow, as the wasm kernels compute it (assembly/vmath.ts). */
float stableTanh(float x) {
  // An odd polynomial near 0 (no cancellation), 1 - 2 / (e^2|x| + 1) beyond.
  float ax = abs(x);
  if (isNaN(x) || ax < 1e-4) return x;
  if (ax <= 0.625) {
    float s = x * x;
    float p = -5.70498872745e-3;
    p = p * s + 2.06390887954e-2;
    p = p * s - 5.37397155531e-2;
    p = p * s + 1.33314422036e-1;
    p = p * s - 3.33332819422e-1;
    return p * s * x + x;
  }
  float large = 1.0 - 2.0 / (exp(2.0 * min(ax, 44.0)) + 1.0);
  return x < 0.0 ? -large : large;
}

/** The logistic function as Chainer computes it: 0.5 tanh(0.5 x) + 0.5. */
float sigmoid(float x) {
  return 0.5 * stableTanh(0.5 * x) + 0.5;
}

#ifdef RANK
/**
 * Unravels flat index i over u_shape and returns the offset it reaches through `strides`
 * (elements; broadcast axes have stride 0).
 */
uniform int u_shape[RANK];

int stridedOffset(int i, int strides[RANK]) {
  int offset = 0;
  for (int d = RANK - 1; d >= 0; d--) {
    int n = u_shape[d];
    offset += (i % n) * strides[d];
    i /= n;
  }
  return offset;
}
#endif

bool isNaN(int x) { return false; }

#ifdef AXIS
/**
 * Kernels along the middle axis of an array read as (outer, u_n, u_inner): a row is the
 * u_n elements base, base + u_inner, ... An output element of the reduced (outer, inner)
 * shape has its row at reducedBase(i); element i of the full shape sits at position
 * axisPosition(i) of the row starting at fullBase(i).
 */
uniform int u_n;
uniform int u_inner;

int reducedBase(int i) { return (i / u_inner) * u_n * u_inner + i % u_inner; }
int axisPosition(int i) { return (i / u_inner) % u_n; }
int fullBase(int i) { return i - axisPosition(i) * u_inner; }
#endif

#ifdef WINDOW
/** A 2-D window sweep over NCHW planes (ConvGeometry). */
uniform ivec4 u_in;      // n, c, h, w
uniform ivec4 u_kernel;  // kh, kw, sy, sx
uniform ivec4 u_pad;     // ph, pw, dy, dx
uniform ivec2 u_out;     // oh, ow

/** Input row and column of tap (ky, kx) of output position (oy, ox); may lie off the image. */
ivec2 tapAt(int oy, int ox, int ky, int kx) {
  return ivec2(oy * u_kernel.z - u_pad.x + ky * u_pad.z, ox * u_kernel.w - u_pad.y + kx * u_pad.w);
}

bool onImage(ivec2 p) {
  return p.x >= 0 && p.x < u_in.z && p.y >= 0 && p.y < u_in.w;
}

/**
 * The output positions whose tap (ky, kx) lands on input pixel p, as a range of oy and of
 * ox (empty when lo > hi): o s - pad + k d = p with o inside the output.
 */
bool tapSource(ivec2 p, int ky, int kx, out ivec2 o) {
  ivec2 num = p + u_pad.xy - ivec2(ky, kx) * u_pad.zw;
  if (num.x < 0 || num.y < 0) return false;
  if (num.x % u_kernel.z != 0 || num.y % u_kernel.w != 0) return false;
  o = num / u_kernel.zw;
  return o.x < u_out.x && o.y < u_out.y;
}
#endif
