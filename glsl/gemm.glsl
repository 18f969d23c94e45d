// C[b] = op(A[b]) op(B[b]) for row-major matrices, one output element per fragment with
// the products accumulated over K in order. Strides (elements) encode the transposes
// and the batch broadcast (a batch stride of 0 reuses one matrix).

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
