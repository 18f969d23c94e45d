// C[b] = op(A[b]) op(B[b]) for row-major matrices, one output element per fragment.
// Strides (elements) encode the transposes and the batch broadcast (a batch stride of 0
// reuses one matrix). For long products (PACKED) the rows of op(A) and the columns of
// op(B) are first packed four k at a time into RGBA texels (PACK), so that the product
// reads two texels per four terms instead of eight.

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
// a: (batchA, M, Kq) texels, b: (batchB, N, Kq) texels.
uniform int u_M;
uniform int u_N;
uniform int u_K;
uniform bvec2 u_shared;  // whether A, B is one matrix for the whole batch

void main() {
  int Kq = (u_K + 3) / 4;
  int i = outIndex();
  int n = i % u_N, m = (i / u_N) % u_M, b = i / (u_M * u_N);
  int pa = ((u_shared.x ? 0 : b) * u_M + m) * Kq;
  int pb = ((u_shared.y ? 0 : b) * u_N + n) * Kq;
  float acc = 0.0;
  for (int kq = 0; kq < Kq; kq++) acc += dot(a_at(pa + kq), b_at(pb + kq));
  setOutput(acc);
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
