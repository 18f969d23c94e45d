// Softmax, log-softmax, log-sum-exp and their gradients along the middle axis of
// (outer, n, inner). LSE computes one value per row (max + log sum exp(x - max), NaN
// propagating); the others read it (or a row sum) from a first pass.

#if defined(LSE)
void main() {
  int base = reducedBase(outIndex());
  float m = -INF;
  for (int k = 0; k < u_n; k++) {
    float v = x_at(base + k * u_inner);
    m = isNaN(m) || m > v ? m : v;
  }
  float s = 0.0;
  for (int k = 0; k < u_n; k++) s += exp(x_at(base + k * u_inner) - m);
  setOutput(m + log(s));
}
#elif defined(NORMALIZE)
// x minus its row's log-sum-exp: exponentiated for softmax.
void main() {
  int i = outIndex();
  float v = x_at(i) - lse_at(i / (u_n * u_inner) * u_inner + i % u_inner);
  setOutput(LOG ? v : exp(v));
}
#elif defined(GRAD_SUM)
// s = sum y gy (softmax) or sum gy (log-softmax) per row.
void main() {
  int base = reducedBase(outIndex());
  float s = 0.0;
  for (int k = 0; k < u_n; k++) {
    int j = base + k * u_inner;
    s += LOG ? gy_at(j) : y_at(j) * gy_at(j);
  }
  setOutput(s);
}
#elif defined(GRAD)
// softmax: gx = y (gy - s); log-softmax: gx = gy - exp(y) s.
void main() {
  int i = outIndex();
  float s = s_at(i / (u_n * u_inner) * u_inner + i % u_inner);
  setOutput(LOG ? gy_at(i) - exp(y_at(i)) * s : y_at(i) * (gy_at(i) - s));
}
#endif
