// Row gathers and scatters of (outer, n, inner) arrays by an int32 index vector, and the
// strided writes that assemble an array from pieces. Scatters are gathers from the
// output's side: each output element looks up what lands on it.

uniform int u_n;
uniform int u_m;
uniform int u_inner;

#if defined(TAKE)
// out (outer, m, inner) = x[o, indices[j], t]
void main() {
  int i = outIndex();
  int t = i % u_inner, j = (i / u_inner) % u_m, o = i / (u_inner * u_m);
  setOutput(x_at((o * u_n + indices_at(j)) * u_inner + t));
}
#elif defined(SCATTER_ADD)
// out (outer, n, inner) = base plus the rows of values (outer, m, inner) whose index is
// this row, added in index order (repeats accumulate).
void main() {
  int i = outIndex();
  int t = i % u_inner, r = (i / u_inner) % u_n, o = i / (u_inner * u_n);
  T acc = base_at(i);
  for (int j = 0; j < u_m; j++) {
    if (indices_at(j) == r) acc += values_at((o * u_m + j) * u_inner + t);
  }
  setOutput(acc);
}
#elif defined(ASSEMBLE)
// One piece: the elements its view reaches (offset, strides sorted decreasing and nested)
// take its values, the others keep prev.
uniform int u_offset;
uniform int u_strides[RANK];
uniform int u_valueStrides[RANK];
uniform int u_valueOffset;

void main() {
  int i = outIndex();
  int rem = i - u_offset;
  int at = u_valueOffset;
  bool inside = rem >= 0;
  for (int d = 0; d < RANK && inside; d++) {
    int c = rem / u_strides[d];
    inside = c < u_shape[d];
    rem -= c * u_strides[d];
    at += c * u_valueStrides[d];
  }
  setOutput(inside && rem == 0 ? values_at(at) : prev_at(i));
}
#endif
