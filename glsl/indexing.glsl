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

#if defined(EMBED_GATHER) || defined(EMBED_SCATTER_ADD)
// Embedding rows of u_inner (dim) elements by int32 id; ids equal to the ignored label
// (when HAS_IGNORE) read zeros and add nothing.
uniform int u_ignore;

bool ignored(int id) { return HAS_IGNORE && id == u_ignore; }
#endif

#if defined(EMBED_GATHER)
void main() {
  int i = outIndex();
  int id = ids_at(i / u_inner);
  setOutput(ignored(id) ? 0.0 : table_at(id * u_inner + i % u_inner));
}
#elif defined(EMBED_SCATTER_ADD)
// table gradient (vocab, dim): the rows of grad (m, dim) whose id is this row, in order.
void main() {
  int i = outIndex();
  int row = i / u_inner, d = i % u_inner;
  float acc = 0.0;
  for (int j = 0; j < u_m; j++) {
    int id = ids_at(j);
    if (id == row && !ignored(id)) acc += grad_at(j * u_inner + d);
  }
  setOutput(acc);
}
#endif
