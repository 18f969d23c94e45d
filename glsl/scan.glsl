// Cumulative folds along the middle axis of (outer, n, inner): each element folds the
// row up to itself one element after the other, numpy's order and the wasm kernel's, so
// float results agree bit for bit up to the accuracy of the operations.

#if defined(SCAN)
// Cumulative sum (OP 0) or product (OP 1), from the end when REVERSE, EXCLUSIVE leaving out
// the element itself.
void main() {
  int i = outIndex();
  int k = axisPosition(i), base = fullBase(i);
  T acc = T(OP == 0 ? 0 : 1);
  int from = REVERSE ? u_n - 1 : 0;
  int steps = (REVERSE ? u_n - 1 - k : k) + (EXCLUSIVE ? 0 : 1);
  for (int s = 0; s < steps; s++) {
    T v = x_at(base + (REVERSE ? from - s : from + s) * u_inner);
    // The first element as it is (0 + -0 would lose the sign numpy keeps).
    acc = s == 0 ? v : OP == 0 ? acc + v : acc * v;
  }
  setOutput(acc);
}
#elif defined(RECURRENCE)
// out[k] = z[k-1] (0 first) with z[k] = a[k] z[k-1] + b[k], from the end when REVERSE.
void main() {
  int i = outIndex();
  int k = axisPosition(i), base = fullBase(i);
  float z = 0.0;
  int steps = REVERSE ? u_n - 1 - k : k;
  for (int s = 0; s < steps; s++) {
    int j = base + (REVERSE ? u_n - 1 - s : s) * u_inner;
    z = a_at(j) * z + b_at(j);
  }
  setOutput(z);
}
#endif
