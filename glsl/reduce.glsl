// Reductions over the middle axis of (outer, n, inner): OP is a Reduce code of
// assembly/opcodes.ts. NaN wins max and min and is the first arg-extreme, as in numpy;
// float sums are compensated (sumAdd of common.glsl).

#if OP == 0
#define INIT T(0)
#define FOLD(acc, v) acc + v
#elif OP == 5
#define INIT T(1)
#define FOLD(acc, v) acc * v
#elif OP == 1 || OP == 2
#if X_INT
#define INIT (OP == 1 ? -2147483647 - 1 : 2147483647)
#else
#define INIT (OP == 1 ? -INF : INF)
#endif
#if OP == 1
#define FOLD(acc, v) (isNaN(acc) || acc > v ? acc : v)
#else
#define FOLD(acc, v) (isNaN(acc) || acc < v ? acc : v)
#endif
#endif

void main() {
  int base = reducedBase(outIndex());
#if OP == 3 || OP == 4
  T best = x_at(base);
  int at = 0;
  for (int k = 1; k < u_n; k++) {
    if (isNaN(best)) break;
    T v = x_at(base + k * u_inner);
#if OP == 3
    if (isNaN(v) || v > best) { best = v; at = k; }
#else
    if (isNaN(v) || v < best) { best = v; at = k; }
#endif
  }
  setOutput(at);
#elif OP == 0 && !X_INT
  vec2 acc = vec2(0.0);
  for (int k = 0; k < u_n; k++) acc = sumAdd(acc, x_at(base + k * u_inner));
  setOutput(acc.x);
#else
  T acc = INIT;
  for (int k = 0; k < u_n; k++) acc = FOLD(acc, x_at(base + k * u_inner));
  setOutput(acc);
#endif
}
