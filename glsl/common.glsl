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
