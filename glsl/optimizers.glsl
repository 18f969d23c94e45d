// Fused update rules (assembly/optimizers.ts), every result in one pass: KERNEL names the
// rule, kusari_out[0] is the parameter and kusari_out[1] ... the state arrays in
// OPTIMIZER_KERNELS order (one render target each).

#define RESULT(k, x) kusari_out[k] = vec4(x)

uniform float u_s[6];  // the rule's scalars, in OPTIMIZER_KERNELS order

void main() {
  int i = outIndex();
  float p = param_at(i), g = grad_at(i);
#if KERNEL == 0  // sgd: p -= lr g
  RESULT(0, p - u_s[0] * g);
#elif KERNEL == 1  // momentumSgd: v = momentum v - lr g; p += v
  float v = v_at(i) * u_s[0] - u_s[1] * g;
  RESULT(0, p + v);
  RESULT(1, v);
#elif KERNEL == 2  // nesterovAg: v = momentum v - lr g; p += momentum^2 v; p -= (1 + momentum) lr g
  float v = v_at(i) * u_s[0] - u_s[1] * g;
  RESULT(0, (p + u_s[2] * v) - u_s[3] * g);
  RESULT(1, v);
#elif KERNEL == 3 || KERNEL == 4  // adam, amsgrad
  float m0 = m_at(i), v0 = v_at(i);
  float m1 = m0 + u_s[0] * (g - m0);
  float v1 = v0 + u_s[1] * (g * g - v0);
#if KERNEL == 4
  float denom = max(vhat_at(i), v1);
#else
  float denom = v1;
#endif
  float step = (u_s[2] * m1) / (sqrt(denom) + u_s[3]);
  RESULT(0, p - u_s[4] * (step + u_s[5] * p));
  RESULT(1, m1);
  RESULT(2, v1);
#if KERNEL == 4
  RESULT(3, denom);
#endif
#elif KERNEL == 5  // adaGrad: h += g g; p -= lr g / (sqrt(h) + eps)
  float h = h_at(i) + g * g;
  RESULT(0, p - (u_s[0] * g) / (sqrt(h) + u_s[1]));
  RESULT(1, h);
#elif KERNEL == 6  // adaDelta
  float s = msg_at(i) * u_s[0] + (u_s[1] * g) * g;
  float dx = sqrt((msdx_at(i) + u_s[2]) / (s + u_s[2])) * g;
  float d = msdx_at(i) * u_s[0] + (u_s[1] * dx) * dx;
  RESULT(0, p - dx);
  RESULT(1, s);
  RESULT(2, d);
#elif KERNEL == 7 || KERNEL == 8  // rmsprop: ms = alpha ms + (1 - alpha) g g; p -= lr g / denom
  float s = ms_at(i) * u_s[0] + (u_s[1] * g) * g;
#if KERNEL == 8  // rmspropEpsInsideSqrt: denom = sqrt(ms + eps)
  float denom = sqrt(s + u_s[3]);
#else  // denom = sqrt(ms) + eps
  float denom = sqrt(s) + u_s[3];
#endif
  RESULT(0, p - (u_s[2] * g) / denom);
  RESULT(1, s);
#endif
}
