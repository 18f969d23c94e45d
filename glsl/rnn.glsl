// The LSTM cell with Chainer's interleaved gate layout: row b of x holds, for each unit
// u, the pre-activations (a, i, f, o) at 4u .. 4u + 3. Formulas as assembly/rnn.ts.

uniform int u_units;
uniform int u_rowsX;

struct Gates { float a, i, f, o; };

Gates gatesAt(int b, int u) {
  int p = (b * u_units + u) * 4;
  return Gates(stableTanh(x_at(p)), sigmoid(x_at(p + 1)), sigmoid(x_at(p + 2)), sigmoid(x_at(p + 3)));
}

#if defined(FORWARD)
// c = a i + cPrev f and h = tanh(c) o for the first rowsX rows; later rows of c copy cPrev.
void main() {
  int j = outIndex();
  int b = j / u_units, u = j % u_units;
  if (b >= u_rowsX) { setOutput(cPrev_at(j)); return; }
  Gates g = gatesAt(b, u);
  float c = g.a * g.i + cPrev_at(j) * g.f;
#if OUT_H
  setOutput(stableTanh(c) * g.o);
#else
  setOutput(c);
#endif
}
#elif defined(BACKWARD)
// g = gc + gh o (1 - tanh(c)^2); gcPrev = g f (rows past rowsX pass gc through); the gate
// gradients interleaved like x.
#if OUT_GX
void main() {
  int k = outIndex();
  int gate = k % 4, j = k / 4;
  int b = j / u_units, u = j % u_units;
#else
void main() {
  int j = outIndex();
  int b = j / u_units, u = j % u_units;
  if (b >= u_rowsX) { setOutput(gc_at(j)); return; }
#endif
  Gates s = gatesAt(b, u);
  float co = stableTanh(c_at(j));
  float gh = gh_at(j);
  float g = gc_at(j) + gh * s.o * (1.0 - co * co);
#if OUT_GX
  float v = gate == 0 ? g * s.i * (1.0 - s.a * s.a)
          : gate == 1 ? g * s.a * (s.i * (1.0 - s.i))
          : gate == 2 ? g * cPrev_at(j) * (s.f * (1.0 - s.f))
          : gh * co * (s.o * (1.0 - s.o));
  setOutput(v);
#else
  setOutput(g * s.f);
#endif
}
#endif
