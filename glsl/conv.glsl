// Convolution kernels over NCHW arrays: im2col and its adjoint col2im, the taps packed as
// GEMM operands (PACK_TAPS: the convolution and its weight gradient are then gemm.glsl's
// packed product), and the direct forms for grouped convolutions (each output element
// runs its own dot product over the taps).

#if defined(IM2COL)
// col[n * u_batch + k * u_tap + oy * ow + ox], k = (c, ky, kx); zero off the image.
uniform int u_batch;
uniform int u_tap;

void main() {
  int i = outIndex();
  int P = u_out.x * u_out.y;
  int p = i % P, rest = i - p;
  int n, k;
  if (u_batch > u_tap) { n = rest / u_batch; k = (rest % u_batch) / u_tap; }
  else { k = rest / u_tap; n = (rest % u_tap) / u_batch; }
  int kx = k % u_kernel.y, ky = (k / u_kernel.y) % u_kernel.x, c = k / (u_kernel.x * u_kernel.y);
  ivec2 at = tapAt(p / u_out.y, p % u_out.y, ky, kx);
  setOutput(onImage(at) ? x_at(((n * u_in.y + c) * u_in.z + at.x) * u_in.w + at.y) : 0.0);
}
#elif defined(PACK_TAPS)
// The column buffer as packed rows of gemm.glsl (four k per texel, rows of pitch
// 2^u_pitchShift, zeros past u_K): with BY_POSITION, row n P + p (output position p of image
// n) holds its taps k = (c, ky, kx), the columns of op(B) for y = W col; else row (c, ky, kx)
// holds the tap at k = n P + p, the columns of op(B) for gW = gy col^T.
uniform int u_K;
uniform int u_pitchShift;

void main() {
  int q = outIndex();
  int kq = q & ((1 << u_pitchShift) - 1), row = q >> u_pitchShift;
  int k = 4 * kq;
  // The first of the texel's four (image, output position, tap); the next ones step from it
  // (no division per element): along the taps (c, ky, kx) or along the positions (n, oy, ox).
#if BY_POSITION
  int position = row, tap = k;
#else
  int position = k, tap = row;
#endif
  int P = u_out.x * u_out.y, taps = u_kernel.x * u_kernel.y;
  int n = position / P, p = position % P, oy = p / u_out.y, ox = p % u_out.y;
  int c = tap / taps, ky = (tap % taps) / u_kernel.y, kx = tap % u_kernel.y;
  // A loop, and a branch around the read: measured against gemm.glsl's straight-line PACK
  // (and a select), as fast or faster here.
  vec4 v = vec4(0.0);
  for (int j = 0; j < 4 && k + j < u_K; j++) {
    ivec2 at = tapAt(oy, ox, ky, kx);
#if INSIDE
    v[j] = x_at(((n * u_in.y + c) * u_in.z + at.x) * u_in.w + at.y);
#else
    if (onImage(at)) v[j] = x_at(((n * u_in.y + c) * u_in.z + at.x) * u_in.w + at.y);
#endif
#if BY_POSITION
    if (++kx == u_kernel.y) { kx = 0; if (++ky == u_kernel.x) { ky = 0; c++; } }
#else
    if (++ox == u_out.y) { ox = 0; if (++oy == u_out.x) { oy = 0; n++; } }
#endif
  }
  setOutput(v);
}
#elif defined(COL2IM)
// x (N, C, H, W) = the sum of every tap of col that reads it, in tap order.
uniform int u_batch;
uniform int u_tap;

void main() {
  int i = outIndex();
  ivec2 p = ivec2((i / u_in.w) % u_in.z, i % u_in.w);
  int c = (i / (u_in.z * u_in.w)) % u_in.y, n = i / (u_in.y * u_in.z * u_in.w);
  float acc = 0.0;
  for (int ky = 0; ky < u_kernel.x; ky++) {
    for (int kx = 0; kx < u_kernel.y; kx++) {
      ivec2 o;
      if (!tapSource(p, ky, kx, o)) continue;
      int k = (c * u_kernel.x + ky) * u_kernel.y + kx;
      acc += col_at(n * u_batch + k * u_tap + o.x * u_out.y + o.y);
    }
  }
  setOutput(acc);
}
#elif defined(CONV2D)
// y (N, O, oh, ow) = sum over the group's channels and taps of W x, taps off the image
// reading 0 (the column buffer's padding), plus the bias after the sum as Chainer adds it.
uniform int u_groups;
uniform int u_O;

void main() {
  int i = outIndex();
  int P = u_out.x * u_out.y;
  int p = i % P, o = (i / P) % u_O, n = i / (P * u_O);
  int oy = p / u_out.y, ox = p % u_out.y;
  int Cg = u_in.y / u_groups, c0 = (o / (u_O / u_groups)) * Cg;
  float acc = 0.0;
  for (int c = 0; c < Cg; c++) {
    int plane = (n * u_in.y + c0 + c) * u_in.z;
    int w = (o * Cg + c) * u_kernel.x * u_kernel.y;
    for (int ky = 0; ky < u_kernel.x; ky++) {
      for (int kx = 0; kx < u_kernel.y; kx++) {
        ivec2 at = tapAt(oy, ox, ky, kx);
        acc += W_at(w + ky * u_kernel.y + kx) * (onImage(at) ? x_at((plane + at.x) * u_in.w + at.y) : 0.0);
      }
    }
  }
#if HAS_BIAS
  acc += bias_at(o);
#endif
  setOutput(acc);
}
#elif defined(CONV2D_GRAD_W)
// gW (O, C/groups, kh, kw) = sum over images and output positions of gy times the input tap
// (zero off the image, multiplied as im2col's).
uniform int u_groups;
uniform int u_O;

void main() {
  int i = outIndex();
  int kx = i % u_kernel.y, ky = (i / u_kernel.y) % u_kernel.x;
  int Cg = u_in.y / u_groups;
  int c = (i / (u_kernel.x * u_kernel.y)) % Cg, o = i / (u_kernel.x * u_kernel.y * Cg);
  int cx = (o / (u_O / u_groups)) * Cg + c;
  float acc = 0.0;
  for (int n = 0; n < u_in.x; n++) {
    int gyPlane = (n * u_O + o) * u_out.x * u_out.y;
    int xPlane = (n * u_in.y + cx) * u_in.z;
    for (int oy = 0; oy < u_out.x; oy++) {
      for (int ox = 0; ox < u_out.y; ox++) {
        ivec2 at = tapAt(oy, ox, ky, kx);
        acc += gy_at(gyPlane + oy * u_out.y + ox) * (onImage(at) ? x_at((xPlane + at.x) * u_in.w + at.y) : 0.0);
      }
    }
  }
  setOutput(acc);
}
#endif
