// 2-D pooling over the planes of NCHW arrays; windows are row-major, out-of-image taps
// are zero for sums and -infinity for max. A window's maximum is its first NaN if it has
// one (numpy's max and argmax), as assembly/pooling.ts.

#if defined(SUM_POOL) || defined(MAX_POOL)
uniform float u_divisor;
// Whether a sum adds each window row first, then the rows (ROW_SUMS), or every tap in turn.
#if defined(SUM_POOL)
const bool rowSums = ROW_SUMS;
#else
const bool rowSums = false;
#endif

void main() {
  int i = outIndex();
  int P = u_out.x * u_out.y;
  int p = i % P, plane = i / P;
  int oy = p / u_out.y, ox = p % u_out.y;
  int base = plane * u_in.z * u_in.w;
#if defined(SUM_POOL)
  float acc = 0.0;
#else
  float acc = -INF;
#endif
  int best = -1;
  for (int ky = 0; ky < u_kernel.x; ky++) {
    float row = 0.0;
    for (int kx = 0; kx < u_kernel.y; kx++) {
      ivec2 at = tapAt(oy, ox, ky, kx);
      if (!onImage(at)) continue;
      int j = at.x * u_in.w + at.y;
      float v = x_at(base + j);
#if defined(SUM_POOL)
      if (rowSums) row += v; else acc += v;
#else
      if (!isNaN(acc) && (isNaN(v) || v > acc)) { acc = v; best = j; }
#endif
    }
    if (rowSums) acc += row;
  }
#if defined(SUM_POOL)
  setOutput(acc / u_divisor);
#elif INDEXES
  // No pixel above -infinity: numpy's argmax takes the window's first tap (padding drops it).
  ivec2 first = tapAt(oy, ox, 0, 0);
  if (best < 0 && onImage(first)) best = first.x * u_in.w + first.y;
  setOutput(best);
#else
  setOutput(acc);
#endif
}
#elif defined(MAX_POOL_GRAD)
// gx (planes, H, W): gy of each window whose saved maximum is this pixel, in window order.
void main() {
  int i = outIndex();
  int inSize = u_in.z * u_in.w;
  int j = i % inSize, plane = i / inSize;
  ivec2 p = ivec2(j / u_in.w, j % u_in.w);
  int outBase = plane * u_out.x * u_out.y;
  // Windows whose span of rows and columns covers p.
  ivec2 lo = max(ivec2(0), (p + u_pad.xy - u_kernel.xy + u_kernel.zw) / u_kernel.zw);
  ivec2 hi = min(u_out - 1, (p + u_pad.xy) / u_kernel.zw);
  float acc = 0.0;
  for (int oy = lo.x; oy <= hi.x; oy++) {
    for (int ox = lo.y; ox <= hi.y; ox++) {
      int o = outBase + oy * u_out.y + ox;
      if (indexes_at(o) == j) acc += gy_at(o);
    }
  }
  setOutput(acc);
}
#elif defined(MAX_POOL_GATHER)
// y (planes, oh, ow) = x at the saved positions (-inf where that is a padding tap).
void main() {
  int i = outIndex();
  int at = indexes_at(i);
  int plane = i / (u_out.x * u_out.y);
  setOutput(at < 0 ? -INF : x_at(plane * u_in.z * u_in.w + at));
}
#endif
