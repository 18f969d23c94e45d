// Index arithmetic shared by every kernel. Each fragment computes one output element: its
// flat index comes from the fragment's position in the output texture (row-major, one
// element per texel), and inputs are read by flat index through texelFetch. Integer math
// is exact in highp, so indices are never rounded.

uniform int u_outWidth;

/** The flat index of the output element this fragment writes. */
int outIndex() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  return p.y * u_outWidth + p.x;
}

/** The texel holding flat element i of a texture `width` texels wide. */
ivec2 texel(int i, int width) {
  return ivec2(i % width, i / width);
}

/** Whether a float is NaN, by bits: compilers may fold x != x away. */
bool isNaN(float x) {
  uint u = floatBitsToUint(x);
  return (u & 0x7f800000u) == 0x7f800000u && (u & 0x007fffffu) != 0u;
}

const float INF = uintBitsToFloat(0x7f800000u);
const float NAN = uintBitsToFloat(0x7fc00000u);

#ifdef RANK
/**
 * Unravels flat index i over u_shape and returns the offset it reaches through `strides`
 * (elements; broadcast axes have stride 0).
 */
uniform int u_shape[RANK];

int stridedOffset(int i, int strides[RANK]) {
  int offset = 0;
  for (int d = RANK - 1; d >= 0; d--) {
    int n = u_shape[d];
    offset += (i % n) * strides[d];
    i /= n;
  }
  return offset;
}
#endif

bool isNaN(int x) { return false; }

#ifdef AXIS
/**
 * Kernels along the middle axis of an array read as (outer, u_n, u_inner): a row is the
 * u_n elements base, base + u_inner, ... An output element of the reduced (outer, inner)
 * shape has its row at reducedBase(i); element i of the full shape sits at position
 * axisPosition(i) of the row starting at fullBase(i).
 */
uniform int u_n;
uniform int u_inner;

int reducedBase(int i) { return (i / u_inner) * u_n * u_inner + i % u_inner; }
int axisPosition(int i) { return (i / u_inner) % u_n; }
int fullBase(int i) { return i - axisPosition(i) * u_inner; }
#endif
