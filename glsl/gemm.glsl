// C[b] = op(A[b]) op(B[b]) for row-major matrices, one output element per fragment.
// Strides (elements) encode the transposes and the batch broadcast (a batch stride of 0
// reuses one matrix). For long products (PACKED) the rows of op(A) and the columns of
// op(B) are first packed four k at a time into RGBA texels (PACK), the product computes a
// block of ROWS rows by four columns per fragment from them (PACKED). A product split along
// k or given a bias is laid out one element per texel by UNPACK; any other stays in its
// blocks, which kernels read through x_at (programs.ts, blockTexel in common.glsl).
//
// Packed rows have a pitch of 2^u_pitchShift texels (a power of two, at least (K + 3) / 4,
// zeros past K) in textures at least that wide, so that a row (or, past the widest texture,
// each texture row of it) is one run of texels: the product walks it by 2-D coordinates
// instead of unravelling a flat index per read, which on SwiftShader costs more than the
// read.

#if defined(PACK)
// Row r of matrix b at texels (b u_rows + r) << u_pitchShift ... of four k each. Element k
// of a row sits at (k / u_kInner) u_strides.z + (k % u_kInner) u_strides.w: a k that runs
// over two axes (a convolution's weight gradient sums over images and positions) or one
// (u_kInner = K).
uniform int u_rows;
uniform int u_K;
uniform int u_kInner;
uniform int u_pitchShift;
uniform ivec4 u_strides;  // batch, row, outer k, inner k

// The next k: along the inner axis, or on to the next outer one (no division per element).
#define NEXT_K() p += u_strides.w; if (++inner == u_kInner) { inner = 0; p += u_strides.z - u_kInner * u_strides.w; }

void main() {
  int q = outIndex();
  int kq = q & ((1 << u_pitchShift) - 1), row = q >> u_pitchShift;
  int k = 4 * kq, outer = k / u_kInner, inner = k - outer * u_kInner;
  int p = (row / u_rows) * u_strides.x + (row % u_rows) * u_strides.y + outer * u_strides.z + inner * u_strides.w;
  // Straight-line code: a loop over the four lanes (a vector indexed by a variable) costs
  // SwiftShader several times the reads.
  vec4 v = vec4(0.0);
  if (k < u_K) v.x = x_at(p);
  NEXT_K();
  if (k + 1 < u_K) v.y = x_at(p);
  NEXT_K();
  if (k + 2 < u_K) v.z = x_at(p);
  NEXT_K();
  if (k + 3 < u_K) v.w = x_at(p);
  setOutput(v);
}
#elif defined(PACKED)
// a: (batchA, M) packed rows, b: (batchB, N) packed rows (columns of op(B)). Each fragment
// computes a block of C[b]: rows ROWS g .. ROWS g + ROWS - 1 (one layer of the output each,
// kusari_out[r]) by columns 4 nq .. 4 nq + 3 (a texel), from ROWS + 4 reads per four k
// instead of 2 per k: 12 reads per 128 multiply-adds at ROWS 8. A long product of few
// blocks is split along k into u_split chunks of u_chunk texels (powers of two), each a
// fragment of its own, so that the draw has fragments enough for every thread; UNPACK adds
// the chunks. Blocks are texels (b, s, g, nq) of every layer. Within a chunk, each output
// is the same sum of dot products, in the same order, as one fragment per element computes.
uniform int u_M;
uniform int u_N;
uniform int u_K;
uniform int u_pitchShift;
uniform int u_span;      // texels of a packed row per texture row: min(pitch, texture width)
uniform int u_split;
uniform int u_chunk;
uniform bvec2 u_shared;  // whether A, B is one matrix for the whole batch

// The four products of a packed A row with the four columns' texels.
#define DOTS(x) vec4(dot(x, c0), dot(x, c1), dot(x, c2), dot(x, c3))
// The texture coordinates of texel k0 of the packed row starting at flat texel `start`.
#define CENTRE(start, shift, inv) ((vec2(texel((start) + k0, shift)) + 0.5) * inv)
// Rows past M and columns past N read the last one again; UNPACK never reads their results.
#define A_ROW(r) ((rowA + min(m + r, u_M - 1)) << u_pitchShift)
#define B_ROW(j) ((rowB + min(n + j, u_N - 1)) << u_pitchShift)

void main() {
  int Kq = (u_K + 3) / 4, Nq = (u_N + 3) / 4, G = (u_M + ROWS - 1) / ROWS;
  int q = outIndex();
  int nq = q % Nq, g = (q / Nq) % G, s = (q / (Nq * G)) % u_split, b = q / (G * Nq * u_split);
  int rowA = (u_shared.x ? 0 : b) * u_M, rowB = (u_shared.y ? 0 : b) * u_N;
  int m = g * ROWS, n = 4 * nq;
  vec4 acc0 = vec4(0.0), acc1 = vec4(0.0), acc2 = vec4(0.0), acc3 = vec4(0.0);
  vec4 acc4 = vec4(0.0), acc5 = vec4(0.0), acc6 = vec4(0.0), acc7 = vec4(0.0);
  // Reads by texture() at texel centres: with NEAREST filtering it returns the texel
  // exactly, and on SwiftShader it costs less than texelFetch (this loop 1.4-1.7x faster).
  vec2 inA = 1.0 / vec2(textureSize(a_tex, 0)), inB = 1.0 / vec2(textureSize(b_tex, 0));
  // One texture row of the chunk at a time (all of it unless K > 4 x the widest texture).
  int end = min(Kq, (s + 1) * u_chunk);
  for (int k0 = s * u_chunk; k0 < end; k0 += u_span) {
    vec2 b0 = CENTRE(B_ROW(0), b_shift, inB), b1 = CENTRE(B_ROW(1), b_shift, inB), b2 = CENTRE(B_ROW(2), b_shift, inB), b3 = CENTRE(B_ROW(3), b_shift, inB);
    vec2 a0 = CENTRE(A_ROW(0), a_shift, inA);
#if ROWS > 1
    vec2 a1 = CENTRE(A_ROW(1), a_shift, inA);
#endif
#if ROWS > 2
    vec2 a2 = CENTRE(A_ROW(2), a_shift, inA), a3 = CENTRE(A_ROW(3), a_shift, inA);
#endif
#if ROWS > 4
    vec2 a4 = CENTRE(A_ROW(4), a_shift, inA), a5 = CENTRE(A_ROW(5), a_shift, inA), a6 = CENTRE(A_ROW(6), a_shift, inA), a7 = CENTRE(A_ROW(7), a_shift, inA);
#endif
    int len = min(u_span, end - k0);
    for (int x = 0; x < len; x++) {
      vec2 da = vec2(float(x) * inA.x, 0.0), db = vec2(float(x) * inB.x, 0.0);
      vec4 c0 = texture(b_tex, b0 + db), c1 = texture(b_tex, b1 + db), c2 = texture(b_tex, b2 + db), c3 = texture(b_tex, b3 + db);
      acc0 += DOTS(texture(a_tex, a0 + da));
#if ROWS > 1
      acc1 += DOTS(texture(a_tex, a1 + da));
#endif
#if ROWS > 2
      acc2 += DOTS(texture(a_tex, a2 + da));
      acc3 += DOTS(texture(a_tex, a3 + da));
#endif
#if ROWS > 4
      acc4 += DOTS(texture(a_tex, a4 + da));
      acc5 += DOTS(texture(a_tex, a5 + da));
      acc6 += DOTS(texture(a_tex, a6 + da));
      acc7 += DOTS(texture(a_tex, a7 + da));
#endif
    }
  }
  kusari_out[0] = acc0;
#if ROWS > 1
  kusari_out[1] = acc1;
#endif
#if ROWS > 2
  kusari_out[2] = acc2;
  kusari_out[3] = acc3;
#endif
#if ROWS > 4
  kusari_out[4] = acc4;
  kusari_out[5] = acc5;
  kusari_out[6] = acc6;
  kusari_out[7] = acc7;
#endif
}
#elif defined(UNPACK)
// Element (b, m, n) of the (batch, M, N) result from its blocks (blockTexel in common.glsl),
// summed over the chunks of a split product, plus a bias: HAS_BIAS 1 adds bias[m] (a
// convolution's channel bias), 2 bias[n] (a linear layer's), after the sum as ops.add adds
// it.
uniform ivec4 u_blocks;  // M, N, log2 of the rows per block, chunks

void main() {
  int i = outIndex();
  ivec4 t = blockTexel(i, u_blocks);
  float c = blockElement(x_tex, x_shift, x_inv, t);
  if (u_blocks.w > 1) {
    vec2 sum = vec2(c, 0.0);
    for (int s = 1; s < u_blocks.w; s++) sum = sumAdd(sum, blockElement(x_tex, x_shift, x_inv, ivec4(t.x + s * t.w, t.yzw)));
    c = sum.x;
  }
#if HAS_BIAS == 1
  setOutput(c + bias_at((i / u_blocks.y) % u_blocks.x));
#elif HAS_BIAS == 2
  setOutput(c + bias_at(i % u_blocks.y));
#else
  setOutput(c);
#endif
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
