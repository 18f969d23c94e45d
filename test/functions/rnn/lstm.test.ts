import { F, Variable, array, grad, gradientCheck } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

const arr = (data: Float32Array, shape: number[]) => array(data, { shape });
const sig = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * float64 reference. x (Bx, 4U, S) is read as (Bx, U, 4, S): gate g of unit u at trailing
 * index s sits at ((b * U + u) * 4 + g) * S + s.
 */
function reference(cPrev: Float32Array, x: Float32Array, Bc: number, Bx: number, U: number, S = 1) {
  const c = Float64Array.from(cPrev);
  const h = new Float64Array(Bx * U * S);
  for (let b = 0; b < Bx; b++) for (let u = 0; u < U; u++) for (let s = 0; s < S; s++) {
    const gate = (g: number) => x[((b * U + u) * 4 + g) * S + s];
    const k = (b * U + u) * S + s;
    c[k] = Math.tanh(gate(0)) * sig(gate(1)) + cPrev[k] * sig(gate(2));
    h[k] = Math.tanh(c[k]) * sig(gate(3));
  }
  return { c, h };
}

describeBackends('F.lstm', (test) => {
  test('interleaved gates: x.reshape(B, units, 4) holds a, i, f, o', () => {
    // One unit: a = 0.5, i = 1, f = -1, o = 2.
    const [c, h] = F.lstm(array([[0.3]]), array([[0.5, 1, -1, 2]]));
    const cv = Math.tanh(0.5) * sig(1) + 0.3 * sig(-1);
    assertClose(c, [[cv]], { atol: 1e-6 });
    assertClose(h, [[Math.tanh(cv) * sig(2)]], { atol: 1e-6 });
  });

  test('values against a float64 loop (units not a multiple of 4)', () => {
    const [B, U] = [3, 7];
    const cp = randomValues(B * U, 1, -2, 2), xd = randomValues(B * 4 * U, 2, -4, 4);
    const [c, h] = F.lstm(new Variable(arr(cp, [B, U])), arr(xd, [B, 4 * U]));
    const r = reference(cp, xd, B, B, U);
    assertClose(c, r.c, { atol: 1e-6, rtol: 1e-5 });
    assertClose(h, r.h, { atol: 1e-6, rtol: 1e-5 });
    assert.equal([...h.shape], [B, U]);
    assert.is(c.creator!.label, 'LSTM');
  });

  test('x with fewer rows than cPrev updates only those rows', () => {
    const [Bc, Bx, U] = [4, 2, 5];
    const cp = randomValues(Bc * U, 3, -2, 2), xd = randomValues(Bx * 4 * U, 4, -3, 3);
    const [c, h] = F.lstm(arr(cp, [Bc, U]), arr(xd, [Bx, 4 * U]));
    const r = reference(cp, xd, Bc, Bx, U);
    assert.equal([...c.shape], [Bc, U]);
    assert.equal([...h.shape], [Bx, U]);
    assertClose(c, r.c, { atol: 1e-6, rtol: 1e-5 });
    assertClose(h, r.h, { atol: 1e-6, rtol: 1e-5 });
    // The rows past x pass through exactly.
    assert.equal(Array.from(c.array.dataSync().slice(Bx * U)), Array.from(cp.slice(Bx * U)));
  });

  test('trailing axes: x (B, 4 U, S) is read as (B, U, 4, S)', () => {
    const [B, U, S] = [2, 3, 2];
    const cp = randomValues(B * U * S, 5, -1, 1), xd = randomValues(B * 4 * U * S, 6, -2, 2);
    const [c, h] = F.lstm(arr(cp, [B, U, S]), arr(xd, [B, 4 * U, S]));
    const r = reference(cp, xd, B, B, U, S);
    assertClose(c, r.c, { atol: 1e-6, rtol: 1e-5 });
    assertClose(h, r.h, { atol: 1e-6, rtol: 1e-5 });
    gradientCheck.checkBackward((cv, xv) => F.lstm(cv, xv), [arr(cp, [B, U, S]), arr(xd, [B, 4 * U, S])], null, { atol: 1e-3, rtol: 1e-2 });
  });

  test('gradients of cPrev and x (both outputs, each output alone, fewer rows)', () => {
    const [B, U] = [3, 6];
    const cp = arr(randomValues(B * U, 7, -2, 2), [B, U]), x = arr(randomValues(B * 4 * U, 8, -3, 3), [B, 4 * U]);
    gradientCheck.checkBackward((cv, xv) => F.lstm(cv, xv), [cp, x], null, { atol: 1e-3, rtol: 1e-2 });
    gradientCheck.checkBackward((cv, xv) => F.lstm(cv, xv)[0], [cp, x], null, { atol: 1e-3, rtol: 1e-2 });
    gradientCheck.checkBackward((cv, xv) => F.lstm(cv, xv)[1], [cp, x], null, { atol: 1e-3, rtol: 1e-2 });
    const cp5 = arr(randomValues(5 * U, 9, -2, 2), [5, U]);
    gradientCheck.checkBackward((cv, xv) => F.lstm(cv, xv), [cp5, x], null, { atol: 1e-3, rtol: 1e-2 });
  });

  test('double backprop through LSTMGrad (both outputs, each alone, fewer rows, trailing axes)', () => {
    const [B, U] = [3, 2];
    const tol = { atol: 2e-3, rtol: 2e-2 };
    const cp = arr(randomValues(B * U, 21, -1, 1), [B, U]), x = arr(randomValues(B * 4 * U, 22, -2, 2), [B, 4 * U]);
    const g = (seed: number, shape: number[]) => arr(randomValues(shape.reduce((p, q) => p * q, 1), seed, -1, 1), shape);
    gradientCheck.checkDoubleBackward((cv, xv) => F.lstm(cv, xv), [cp, x], [g(23, [B, U]), g(24, [B, U])],
      [g(25, [B, U]), g(26, [B, 4 * U])], tol);
    gradientCheck.checkDoubleBackward((cv, xv) => F.lstm(cv, xv)[0], [cp, x], [g(27, [B, U])], [g(28, [B, U]), g(29, [B, 4 * U])], tol);
    gradientCheck.checkDoubleBackward((cv, xv) => F.lstm(cv, xv)[1], [cp, x], [g(30, [B, U])], [g(31, [B, U]), g(32, [B, 4 * U])], tol);
    // cPrev has more rows than x: the rows past x pass straight through.
    const cp5 = arr(randomValues(5 * U, 33, -1, 1), [5, U]);
    gradientCheck.checkDoubleBackward((cv, xv) => F.lstm(cv, xv), [cp5, x], [g(34, [5, U]), g(35, [B, U])],
      [g(36, [5, U]), g(37, [B, 4 * U])], tol);
    const S = 2;
    const cpS = arr(randomValues(2 * U * S, 38, -1, 1), [2, U, S]), xS = arr(randomValues(2 * 4 * U * S, 39, -2, 2), [2, 4 * U, S]);
    gradientCheck.checkDoubleBackward((cv, xv) => F.lstm(cv, xv), [cpS, xS], [g(40, [2, U, S]), g(41, [2, U, S])],
      [g(42, [2, U, S]), g(43, [2, 4 * U, S])], tol);
  });

  test('second derivative of h against a float64 finite difference of the analytic gradient', () => {
    // d/dx of (dh/da) for one unit: h = tanh(c) sig(o), c = tanh(a) sig(i) + cPrev sig(f).
    const [cpv, av, iv, fv, ov] = [0.4, 0.3, -0.7, 0.9, 0.2];
    const dhda = (a: number) => {
      const c = Math.tanh(a) * sig(iv) + cpv * sig(fv);
      return (1 - Math.tanh(c) ** 2) * sig(ov) * sig(iv) * (1 - Math.tanh(a) ** 2);
    };
    const x = new Variable(array([[av, iv, fv, ov]]));
    const [, h] = F.lstm(array([[cpv]]), x);
    const [gx] = grad([h], [x], { enableDoubleBackprop: true });
    assertClose(gx!.array.dataSync()[0], dhda(av), { atol: 1e-6 });
    const [ggx] = grad([F.getItem(gx!, [0, 0])], [x]);
    const e = 1e-5;
    assertClose(ggx!.array.dataSync()[0], (dhda(av + e) - dhda(av - e)) / (2 * e), { atol: 1e-5, rtol: 1e-4 });
  });

  test('errors name the function and the shapes', () => {
    assertThrows(() => F.lstm(array([[0, 0]]), array([[1, 2, 3, 4, 5, 6]])), 'lstm', 'x.shape[1]');
    assertThrows(() => F.lstm(array([[0, 0]]), array([[1, 2, 3, 4]])), 'lstm', 'x.shape[1]');
    assertThrows(() => F.lstm(array([[0]]), array([[1, 2, 3, 4], [1, 2, 3, 4]])), 'lstm', 'rows');
  });
});
