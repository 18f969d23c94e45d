// Fused update rules (assembly/optimizers.ts), every result in one pass: KERNEL names the
// rule, kusari_out[0] is the parameter and kusari_out[1] ... the state arrays in
// OPTIMIZER_KERNELS order (one render target each).

//
// PACKED_ROWS: four elements per fragment, T a vec4 (every rule is componentwise). The
// parameter and state arrays are packed rows of K (gemm.glsl's PACK layout, rows of
// 2^u_rows.y texels), texel i each; the gradient is a product's blocks (gemm.glsl's PACKED
// output, u_rows.z rows by four columns a block, u_rows.w blocks a row of blocks), whose
// texel for row r, texels k / 4 holds the same four elements. Lanes past K stay zero, as
// PACK leaves them for the products that read these rows.

uniform float u_s[8];  // the rule's scalars, in OPTIMIZER_KERNELS order

#if defined(PACKED_ROWS)
#define T vec4
uniform ivec4 u_rows;  // K, pitch shift, rows per block, texels per row of blocks
bvec4 live;
#define RESULT(k, x) kusari_out[k] = mix(vec4(0.0), x, live)

/** The gradient's four elements of packed texel i (past the row's last texel: its last again, never kept). */
vec4 grad_at(int i) {
  int r = i >> u_rows.y, kq = min(i & ((1 << u_rows.y) - 1), u_rows.w - 1);
  int q = (r / u_rows.z) * u_rows.w + kq;
  return texture(grad_tex, vec3((vec2(texel(q, grad_shift)) + 0.5) * grad_inv, float(r % u_rows.z)));
}
#else
#define T float
#define RESULT(k, x) kusari_out[k] = vec4(x)
#endif

/** MSVAG's factor: clipped to [0, 1], NaN (0 / 0 where the moments vanish) as 0, as numpy's. */
float msvagFactor(float q) { return isNaN(q) ? 0.0 : clamp(q, 0.0, 1.0); }
vec4 msvagFactor(vec4 q) { return vec4(msvagFactor(q.x), msvagFactor(q.y), msvagFactor(q.z), msvagFactor(q.w)); }

void main() {
  int i = outIndex();
#if defined(PACKED_ROWS)
  live = lessThan(4 * (i & ((1 << u_rows.y) - 1)) + ivec4(0, 1, 2, 3), ivec4(u_rows.x));
#endif
  T p = param_at(i), g = grad_at(i);
#if KERNEL == 0  // sgd: p -= lr g
  RESULT(0, p - u_s[0] * g);
#elif KERNEL == 1  // momentumSgd: v = momentum v - lr g; p += v
  T v = v_at(i) * u_s[0] - u_s[1] * g;
  RESULT(0, p + v);
  RESULT(1, v);
#elif KERNEL == 2  // nesterovAg: v = momentum v - lr g; p += momentum^2 v; p -= (1 + momentum) lr g
  T v = v_at(i) * u_s[0] - u_s[1] * g;
  RESULT(0, (p + u_s[2] * v) - u_s[3] * g);
  RESULT(1, v);
#elif KERNEL == 3 || KERNEL == 4 || KERNEL == 9 || KERNEL == 10  // adam, amsgrad, adabound, amsbound
  // step = alpha_t / (sqrt(vhat) + eps), [clipped to [lower, upper]]; p = decay p - eta (step m)
  T m0 = m_at(i), v0 = v_at(i);
  T m1 = m0 + u_s[0] * (g - m0);
  T v1 = v0 + u_s[1] * (g * g - v0);
#if KERNEL == 4 || KERNEL == 10
  T denom = max(vhat_at(i), v1);
#else
  T denom = v1;
#endif
  T step = u_s[2] / (sqrt(denom) + u_s[3]);
#if KERNEL >= 9
  step = min(max(step, u_s[6]), u_s[7]);
#endif
  RESULT(0, u_s[5] * p - u_s[4] * (step * m1));
  RESULT(1, m1);
  RESULT(2, v1);
#if KERNEL == 4 || KERNEL == 10
  RESULT(3, denom);
#endif
#elif KERNEL == 5  // adaGrad: h += g g; p -= lr g / (sqrt(h) + eps)
  T h = h_at(i) + g * g;
  RESULT(0, p - (u_s[0] * g) / (sqrt(h) + u_s[1]));
  RESULT(1, h);
#elif KERNEL == 6  // adaDelta
  T s = msg_at(i) * u_s[0] + (u_s[1] * g) * g;
  T dx = sqrt((msdx_at(i) + u_s[2]) / (s + u_s[2])) * g;
  T d = msdx_at(i) * u_s[0] + (u_s[1] * dx) * dx;
  RESULT(0, p - dx);
  RESULT(1, s);
  RESULT(2, d);
#elif KERNEL == 7 || KERNEL == 8  // rmsprop: ms = alpha ms + (1 - alpha) g g; p -= lr g / denom
  T s = ms_at(i) * u_s[0] + (u_s[1] * g) * g;
#if KERNEL == 8  // rmspropEpsInsideSqrt: denom = sqrt(ms + eps)
  T denom = sqrt(s + u_s[3]);
#else  // denom = sqrt(ms) + eps
  T denom = sqrt(s) + u_s[3];
#endif
  RESULT(0, p - (u_s[2] * g) / denom);
  RESULT(1, s);
#elif KERNEL == 11  // correctedMomentumSgd: v = momentum v - g; p += lr v
  T v = v_at(i) * u_s[0] - g;
  RESULT(0, p + u_s[1] * v);
  RESULT(1, v);
#elif KERNEL == 12  // rmspropGraves
  T n = n_at(i) * u_s[0] + (u_s[1] * g) * g;
  T mg = g_at(i) * u_s[0] + u_s[1] * g;
  T d = delta_at(i) * u_s[2] - (u_s[3] * g) / sqrt((n - mg * mg) + u_s[4]);
  RESULT(0, p + d);
  RESULT(1, n);
  RESULT(2, mg);
  RESULT(3, d);
#elif KERNEL == 13  // smorms3
  T mem = mem_at(i);
  T r = 1.0 / (mem + 1.0);
  T mg = (1.0 - r) * g_at(i) + r * g;
  T m2 = (1.0 - r) * g2_at(i) + (r * g) * g;
  T x = (mg * mg) / (m2 + u_s[1]);
  RESULT(0, p - (g * min(x, u_s[0])) / (sqrt(m2) + u_s[1]));
  RESULT(1, 1.0 + mem * (1.0 - x));
  RESULT(2, mg);
  RESULT(3, m2);
#elif KERNEL == 14  // msvag
  T m0 = m_at(i), v0 = v_at(i);
  T m1 = m0 + u_s[0] * (g - m0);
  T v1 = v0 + u_s[0] * (g * g - v0);
  T mt = m1 / u_s[1], vt = v1 / u_s[1];
  T mt2 = mt * mt;
  T s = (vt - mt2) / u_s[3];
  T factor = msvagFactor(mt2 / (mt2 + u_s[2] * s));
  RESULT(0, p - u_s[5] * ((u_s[4] * mt) * factor + u_s[6] * p));
  RESULT(1, m1);
  RESULT(2, v1);
#endif
}
