// Softmax, log-softmax, log-sum-exp and their gradients along the middle axis of
// (outer, n, inner), from per-row statistics computed by earlier passes (the row
// maximum, the sum of exp(x - max), or the gradient's row sum).

/** Index of element i's row in the reduced (outer, inner) arrays. */
int rowOf(int i) { return i / (u_n * u_inner) * u_inner + i % u_inner; }

#if defined(LSE) || defined(SUM_EXP)
// The row's sum of exp(x - max), or max + log of it; max comes from a first pass.
void main() {
  int i = outIndex();
  int base = reducedBase(i);
  float m = max_at(i);
  vec2 acc = vec2(0.0);
  for (int k = 0; k < u_n; k++) acc = sumAdd(acc, expIEEE(x_at(base + k * u_inner) - m));
  float s = acc.x;
#if defined(LSE)
  setOutput(m + logIEEE(s));
#else
  setOutput(s);
#endif
}
#elif defined(NORMALIZE)
void main() {
  int i = outIndex();
  int r = rowOf(i);
  // log-softmax subtracts max + log(sum) in one step, as Chainer does (x - m - log(sum)
  // rounds otherwise where the result is near 0).
  setOutput(LOG ? x_at(i) - (max_at(r) + logIEEE(sum_at(r))) : expIEEE(x_at(i) - max_at(r)) / sum_at(r));
}
#elif defined(GRAD_SUM)
// s = sum y gy (softmax) or sum gy (log-softmax) per row.
void main() {
  int base = reducedBase(outIndex());
  vec2 s = vec2(0.0);
  for (int k = 0; k < u_n; k++) {
    int j = base + k * u_inner;
    s = sumAdd(s, LOG ? gy_at(j) : y_at(j) * gy_at(j));
  }
  setOutput(s.x);
}
#elif defined(GRAD)
// softmax: gx = y gy - y s (Chainer's order); log-softmax: gx = gy - exp(y) s.
void main() {
  int i = outIndex();
  float s = s_at(rowOf(i));
  setOutput(LOG ? gy_at(i) - expIEEE(y_at(i)) * s : y_at(i) * gy_at(i) - y_at(i) * s);
}
#endif
