// Softmax cross entropy over the class axis of x read as (N, C, S) against int32 labels
// t (N * S); the log-sum-exp over C comes from the softmax kernels. The arithmetic is the
// unfused composition's, as assembly/loss.ts:
//   term = -((x[t] - lse) w)                 w = classWeight[t] (or 1), 0 where ignored
//   gx   = (exp(x - lse) w - [c == t] w) g   g = the upstream gradient of (n, s) times coeff

uniform int u_C;
uniform int u_S;
uniform int u_ignore;

float weightOf(int label) {
  if (label == u_ignore) return 0.0;
#if HAS_WEIGHT
  return classWeight_at(label);
#else
  return 1.0;
#endif
}

#if defined(TERMS)
void main() {
  int idx = outIndex();
  int label = t_at(idx);
  int n = idx / u_S, s = idx % u_S;
  float term = 0.0;
  if (label != u_ignore) term = -((x_at((n * u_C + label) * u_S + s) - lse_at(idx)) * weightOf(label));
  setOutput(term);
}
#elif defined(TOTAL)
// loss = coeff times the sum of the terms.
uniform int u_rows;
uniform float u_coeff;

void main() {
  vec2 total = vec2(0.0);
  for (int k = 0; k < u_rows; k++) total = sumAdd(total, terms_at(k));
  setOutput(total.x * u_coeff);
}
#elif defined(GRAD)
uniform float u_coeff;
uniform int u_gStride;

void main() {
  int i = outIndex();
  int s = i % u_S, c = (i / u_S) % u_C, n = i / (u_S * u_C);
  int idx = n * u_S + s;
  int label = t_at(idx);
  float w = weightOf(label);
  float scale = gy_at(idx * u_gStride) * u_coeff;
  float p = expIEEE(x_at(i) - lse_at(idx));
  setOutput(c == label && label != u_ignore ? (p * w - w) * scale : (p * w) * scale);
}
#endif
