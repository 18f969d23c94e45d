// Batch normalization over an array read as (outer, C, inner): per-channel sums over the
// other two axes, and the per-element affine maps of the forward and backward passes.
// The formulas and their order follow assembly/normalization.ts.

uniform int u_outer;
uniform int u_C;
uniform int u_inner;

int channelOf(int i) { return (i / u_inner) % u_C; }

#if defined(CHANNEL_SUM)
// out[c] = (sum over (n, i) of TERM(j): a, (a - centre)^2 or b x̂ with x̂ = (a - centre)
// invstd rounded first, as Chainer's (gy * x_hat).sum(axis)) / u_divisor.
uniform float u_divisor;

void main() {
  int c = outIndex();
  vec2 total = vec2(0.0);
  for (int n = 0; n < u_outer; n++) {
    int base = (n * u_C + c) * u_inner;
    for (int k = 0; k < u_inner; k++) {
      int j = base + k;
#if TERM == 0
      total = sumAdd(total, a_at(j));
#elif TERM == 1
      float d = a_at(j) - centre_at(c);
      total = sumAdd(total, d * d);
#else
      total = sumAdd(total, b_at(j) * ((a_at(j) - centre_at(c)) * invstd_at(c)));
#endif
    }
  }
  setOutput(total.x / u_divisor);
}
#elif defined(INVSTD)
// Chainer's BatchNormalization takes 1 / sqrt(var + eps), its FixedBatchNormalization
// (GIVEN statistics) sqrt(1 / (var + eps)).
uniform float u_eps;

void main() {
  float v = var_at(outIndex()) + u_eps;
  setOutput(GIVEN ? sqrt(1.0 / v) : 1.0 / sqrt(v));
}
#elif defined(FORWARD)
// y = gamma x̂ + beta with x̂ = (x - mean) invstd first (a mean far from 0 against the
// spread would cancel in s x + (beta - mean s)).
void main() {
  int i = outIndex();
  int c = channelOf(i);
  setOutput(gamma_at(c) * ((x_at(i) - mean_at(c)) * invstd_at(c)) + beta_at(c));
}
#elif defined(RUNNING_AVERAGE)
// avg decay + weight batch, the products rounded apart as numpy's two in-place steps.
uniform float u_decay;
uniform float u_weight;

void main() {
  int i = outIndex();
  setOutput(avg_at(i) * u_decay + u_weight * batch_at(i));
}
#elif defined(BACKWARD)
// gx = gamma invstd (gy - (x̂ ggamma + gbeta) / m), where ggamma is already sum gy x̂.
void main() {
  int i = outIndex();
  int c = channelOf(i);
  float r = invstd_at(c);
  float xhat = (x_at(i) - mean_at(c)) * r;
  setOutput(gamma_at(c) * r * (gy_at(i) - (xhat * ggamma_at(c) + gbeta_at(c)) * (1.0 / float(u_outer * u_inner))));
}
#endif
