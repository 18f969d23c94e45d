import { F, Variable, array, full, gradientCheck, random, usingConfig, zeros, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

const sig = (v: number) => 1 / (1 + Math.exp(-v));

/** float64 reference written from Chainer's definition: gates i, f, a, o from W0..W3 / W4..W7. */
function reference(L: number, B: number, U: number, hx: Float32Array, cx: Float32Array, ws: Float32Array[][], bs: Float32Array[][],
                   xs: Float32Array[], rows: number[], inSize: number) {
  let inputs = xs.map((x) => Array.from(x));
  let width = inSize;
  const hy: number[] = [], cy: number[] = [];
  for (let l = 0; l < L; l++) {
    const h = Array.from(hx.slice(l * B * U, (l + 1) * B * U)), c = Array.from(cx.slice(l * B * U, (l + 1) * B * U));
    const outs: number[][] = [];
    inputs.forEach((x, t) => {
      const hPrev = h.slice();
      const out: number[] = [];
      for (let r = 0; r < rows[t]; r++) for (let u = 0; u < U; u++) {
        const gate = (k: number) => {
          let s = bs[l][k][u] + bs[l][k + 4][u];
          for (let j = 0; j < width; j++) s += ws[l][k][u * width + j] * x[r * width + j];
          for (let j = 0; j < U; j++) s += ws[l][k + 4][u * U + j] * hPrev[r * U + j];
          return s;
        };
        const [gi, gf, ga, go] = [gate(0), gate(1), gate(2), gate(3)];
        const k = r * U + u;
        c[k] = Math.tanh(ga) * sig(gi) + c[k] * sig(gf);
        h[k] = Math.tanh(c[k]) * sig(go);
        out.push(h[k]);
      }
      outs.push(out);
    });
    hy.push(...h); cy.push(...c);
    inputs = outs;
    width = U;
  }
  return { hy, cy, ys: inputs };
}

describeBackends('F.nStepLstm', (test) => {
  const [L, B, U, IN] = [2, 3, 2, 3];
  const rows = [3, 2, 2, 1];
  let seed = 10;
  const rnd = (n: number, lo = -1, hi = 1) => randomValues(n, seed++, lo, hi);
  const hx = rnd(L * B * U), cx = rnd(L * B * U);
  const ws = Array.from({ length: L }, (_, l) => Array.from({ length: 8 }, (_, k) => rnd(U * (k < 4 && l === 0 ? IN : U))));
  const bs = Array.from({ length: L }, () => Array.from({ length: 8 }, () => rnd(U)));
  const xs = rows.map((r) => rnd(r * IN, -2, 2));
  const hxA = array(hx, { shape: [L, B, U] }), cxA = array(cx, { shape: [L, B, U] });
  const wsA = ws.map((list, l) => list.map((w, k) => array(w, { shape: [U, k < 4 && l === 0 ? IN : U] })));
  const bsA = bs.map((list) => list.map((b) => array(b)));
  const xsA = xs.map((x, t) => array(x, { shape: [rows[t], IN] }));

  test('values against Chainer\'s definition (gate order i, f, a, o; both biases; variable lengths)', () => {
    const [hy, cy, ys] = F.nStepLstm(L, 0, hxA, cxA, wsA, bsA, xsA);
    const r = reference(L, B, U, hx, cx, ws, bs, xs, rows, IN);
    assert.equal([...hy.shape], [L, B, U]);
    assert.equal([...cy.shape], [L, B, U]);
    assertClose(hy, r.hy, { atol: 1e-5, rtol: 1e-4 });
    assertClose(cy, r.cy, { atol: 1e-5, rtol: 1e-4 });
    assert.is(ys.length, rows.length);
    ys.forEach((y, t) => {
      assert.equal([...y.shape], [rows[t], U]);
      assertClose(y, r.ys[t], { atol: 1e-5, rtol: 1e-4 });
    });
  });

  test('gradients of states, inputs, weights and biases', () => {
    const flatW = wsA.flat(), flatB = bsA.flat();
    const f = (...v: Variable[]) => {
      const [h, c] = v;
      const w = [v.slice(2, 10), v.slice(10, 18)];
      const b = [v.slice(18, 26), v.slice(26, 34)];
      const [hy, cy, ys] = F.nStepLstm(L, 0, h, c, w, b, v.slice(34));
      return [hy, cy, ...ys];
    };
    gradientCheck.checkBackward(f, [hxA, cxA, ...flatW, ...flatB, ...xsA], null, { atol: 2e-3, rtol: 2e-2, maxElements: 6 });
  });

  test('double backprop over variable lengths (one layer)', () => {
    const [b2, u2, in2] = [2, 2, 2];
    const r = (n: number, k: number) => randomValues(n, 100 + k, -1, 1);
    const states = [array(r(b2 * u2, 0), { shape: [1, b2, u2] }), array(r(b2 * u2, 1), { shape: [1, b2, u2] })];
    const weights = Array.from({ length: 8 }, (_, k) => array(r(u2 * (k < 4 ? in2 : u2), 2 + k), { shape: [u2, k < 4 ? in2 : u2] }));
    const biases = Array.from({ length: 8 }, (_, k) => array(r(u2, 10 + k)));
    const steps = [array(r(b2 * in2, 18), { shape: [b2, in2] }), array(r(in2, 19), { shape: [1, in2] })];
    const f = (...v: Variable[]) => {
      const [hy, cy, ys] = F.nStepLstm(1, 0, v[0], v[1], [v.slice(2, 10)], [v.slice(10, 18)], v.slice(18));
      return [hy, cy, ...ys];
    };
    const xs = [...states, ...weights, ...biases, ...steps];
    const gys = [array(r(b2 * u2, 20), { shape: [1, b2, u2] }), array(r(b2 * u2, 21), { shape: [1, b2, u2] }),
      array(r(b2 * u2, 22), { shape: [b2, u2] }), array(r(u2, 23), { shape: [1, u2] })];
    const ggxs = xs.map((x, k) => array(r(x.size, 30 + k), { shape: [...x.shape] }));
    gradientCheck.checkDoubleBackward(f, xs, gys, ggxs, { atol: 3e-3, rtol: 3e-2, maxElements: 4 });
  });

  test('one input product per layer over all steps, one recurrent product per step', () => {
    const be = hxA.backend, plain = be.gemm;
    let calls = 0;
    be.gemm = function (this: typeof be, ...args: Parameters<typeof plain>) {
      calls++;
      return plain.apply(this, args);
    };
    try {
      F.nStepLstm(L, 0, hxA, cxA, wsA, bsA, xsA);
    } finally {
      be.gemm = plain;
    }
    assert.is(calls, L * (1 + rows.length));
  });

  test('dropout applies in training only', () => {
    const run = () => F.nStepLstm(L, 0.5, hxA, cxA, wsA, bsA, xsA)[0];
    const plain = F.nStepLstm(L, 0, hxA, cxA, wsA, bsA, xsA)[0];
    const evalMode = usingConfig('train', false, run);
    assertClose(evalMode, plain);
    const trained = run();
    assert.ok(Array.from(trained.array.dataSync()).some((v, i) => Math.abs(v - plain.array.dataSync()[i]) > 1e-6), 'dropout changes the result in training');
  });

  test('dropout falls between layers, never on xs (Chainer n_step_rnn_impl)', () => {
    // One layer: nothing to drop, training or not.
    const one = (ratio: number) => F.nStepLstm(1, ratio, F.getItem(hxA, '0:1'), F.getItem(cxA, '0:1'), wsA.slice(0, 1), bsA.slice(0, 1), xsA);
    const [hy1, cy1, ys1] = one(0.5), [hy0, cy0, ys0] = one(0);
    assertClose(hy1, hy0);
    assertClose(cy1, cy0);
    ys1.forEach((y, t) => assertClose(y, ys0[t]));
    // Two layers: the first layer's final states are untouched, the second layer's change.
    const [hy, cy] = F.nStepLstm(L, 0.5, hxA, cxA, wsA, bsA, xsA);
    const [hyPlain, cyPlain] = F.nStepLstm(L, 0, hxA, cxA, wsA, bsA, xsA);
    assertClose(F.getItem(hy, 0), F.getItem(hyPlain, 0));
    assertClose(F.getItem(cy, 0), F.getItem(cyPlain, 0));
    const last = (v: Variable) => Array.from(F.getItem(v, L - 1).array.dataSync());
    assert.ok(last(hy).some((v, i) => Math.abs(v - last(hyPlain)[i]) > 1e-6), 'the last layer sees dropped inputs');
  });

  test('errors', () => {
    assertThrows(() => F.nStepLstm(L, 0, hxA, cxA, wsA.slice(0, 1), bsA, xsA), 'nStepLstm', 'ws');
    assertThrows(() => F.nStepLstm(L, 0, hxA, cxA, wsA, bsA, [xsA[3], xsA[0]]), 'nStepLstm', 'xs[1]', 'decreasing');
    const badW: NDArray[][] = wsA.map((l) => l.slice());
    badW[1][5] = array(new Float32Array(6), { shape: [2, 3] });
    assertThrows(() => F.nStepLstm(L, 0, hxA, cxA, badW, bsA, xsA), 'nStepLstm', 'ws[1][5]');
  });

  test('between layers, dropout at ratio 0 in training still draws its masks, as Chainer (the random stream stays aligned)', () => {
    const B = 2, I = 3, U = 4;
    const ws = [0, 1].map((l) => Array.from({ length: 8 }, (_, k) => full([U, l === 0 && k < 4 ? I : U], 0.1)));
    const bs = [0, 1].map(() => Array.from({ length: 8 }, () => zeros([U])));
    random.seed(30);
    usingConfig('train', true, () => F.nStepLstm(2, 0, zeros([2, B, U]), zeros([2, B, U]), ws, bs, [full([B, I], 1), full([1, I], 1)]));
    // Chainer 7.8.1 after numpy.random.seed(30) and the same call: rand() of the (2, 4) and (1, 4) layer-0 outputs, then this
    assert.is(random.defaultGenerator.random(), 0.5181763468258455);
  });
});
