// C[b] = op(A[b]) op(B[b]) for row-major matrices, one output element per fragment.
// Strides (elements) encode the transposes and the batch broadcast (a batch stride of 0
// reuses one matrix). For long products (PACKED) the rows of op(A) and the columns of
// op(B) are first packed four k at a time into RGBA texels (PACK), the product computes
// four outputs per fragment from them (PACKED), and UNPACK lays the result out one element
// per texel.

#if defined(PACK)
// Texel (b, r, kq) holds x at k = 4 kq .. 4 kq + 3 of row r of matrix b (zeros past K).
uniform int u_rows;
uniform int u_K;
uniform ivec3 u_strides;  // batch, row, k

void main() {
  int Kq = (u_K + 3) / 4;
  int q = outIndex();
  int kq = q % Kq, r = (q / Kq) % u_rows, b = q / (Kq * u_rows);
  int k = 4 * kq;
  int p = b * u_strides.x + r * u_strides.y + k * u_strides.z;
  vec4 v = vec4(0.0);
  if (k < u_K) v.x = x_at(p);
  if (k + 1 < u_K) v.y = x_at(p + u_strides.z);
  if (k + 2 < u_K) v.z = x_at(p + 2 * u_strides.z);
  if (k + 3 < u_K) v.w = x_at(p + 3 * u_strides.z);
  setOutput(v);
}
#elif defined(PACKED)
// a: (batchA, M, Kq) texels, b: (batchB, N, Kq) texels. Each fragment computes four
// neighbouring columns of one row, texel (b, m, nq) = C[b][m][4 nq .. 4 nq + 3]: one texel
// of A serves four outputs, so a term costs 5/16 texel reads instead of 1/2 (UNPACK then
// spreads the texels to one element each). Each output is the same sum of dot products,
// in the same order, as one fragment per element computes.
uniform int u_M;
uniform int u_N;
uniform int u_K;
uniform bvec2 u_shared;  // whether A, B is one matrix for the whole batch

void main() {
  int Kq = (u_K + 3) / 4, Nq = (u_N + 3) / 4;
  int q = outIndex();
  int nq = q % Nq, m = (q / Nq) % u_M, b = q / (u_M * Nq);
  int pa = ((u_shared.x ? 0 : b) * u_M + m) * Kq;
  int rowB = (u_shared.y ? 0 : b) * u_N, n = 4 * nq;
  // Columns past N read column N - 1 again; UNPACK never reads their results.
  int pb0 = (rowB + n) * Kq, pb1 = (rowB + min(n + 1, u_N - 1)) * Kq;
  int pb2 = (rowB + min(n + 2, u_N - 1)) * Kq, pb3 = (rowB + min(n + 3, u_N - 1)) * Kq;
  vec4 acc = vec4(0.0);
  for (int kq = 0; kq < Kq; kq++) {
    vec4 x = a_at(pa + kq);
    acc += vec4(dot(x, b_at(pb0 + kq)), dot(x, b_at(pb1 + kq)), dot(x, b_at(pb2 + kq)), dot(x, b_at(pb3 + kq)));
  }
  setOutput(acc);
}
#elif defined(UNPACK)
// Element (row, n) of a (rows, N) result from PACKED's texels of four columns.
uniform int u_N;

void main() {
  int i = outIndex();
  int n = i % u_N, row = i / u_N;
  setOutput(x_at(row * ((u_N + 3) / 4) + (n >> 2))[n & 3]);
}
#else
uniform int u_M;
uniform int u_N;
uniform int u_K;
uniform ivec3 u_aStrides;  // batch, row m, column k
uniform ivec3 u_bStrides;  // batch, row k, column n

void main() {
  int i = outIndex();
  int n = i % u_N, m = (i / u_N) % u_M, b = i / (u_M * u_N);
  int pa = b * u_aStrides.x + m * u_aStrides.y;
  int pb = b * u_bStrides.x + n * u_bStrides.z;
  float acc = 0.0;
  for (int k = 0; k < u_K; k++) {
    acc += a_at(pa) * b_at(pb);
    pa += u_aStrides.z;
    pb += u_bStrides.y;
  }
  setOutput(acc);
}
#endif
