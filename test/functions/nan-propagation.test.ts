// NaN in, NaN out, as in numpy (which Chainer follows), wherever the NaN sits: every
// comparing function gets arrays of length 1 to 9 with a NaN at each position, so both the
// four-lane vector body and the scalar tail of each wasm kernel see it (webgl, one element per
// fragment, gets it first, in the middle and last). The references are
// float64 loops written from numpy's rules.
import { F, Variable, array, backend, type NDArray } from '../../src/index';
import { assert, assertClose, describeBackends } from '../util';
import { maxPoolRef, type Window } from './pooling/pool-reference';
import { reduceAxis } from './reference';

// Large values of both signs, so that for max, min and the clips a finite element would
// win the comparison if the NaN were dropped.
const POOL = [3, -2, 1e6, -0.5, 25, -1e6, 0.25, 7, -40, 2];

/** n values with a NaN at p (none for p = -1); `seed` varies the others. */
function withNaN(n: number, p: number, seed = 0): number[] {
  return Array.from({ length: n }, (_, i) => (i === p ? NaN : POOL[(i * 7 + n + 3 * (p + 1) + seed) % POOL.length]));
}

/**
 * Runs check(n, p) for every length 1..9 and every NaN position p in it. On webgl, whose
 * kernels have no vector body and scalar tail (one element per fragment), the NaN goes
 * first, in the middle and last.
 */
function everyPosition(check: (n: number, p: number) => void): void {
  for (let n = 1; n <= 9; n++) for (const p of positions(n)) check(n, p);
}

/** The NaN positions tried in an array of n elements: all, or on webgl first, middle and last. */
function positions(n: number): number[] {
  return backend.current() === 'webgl' ? [...new Set([0, n >> 1, n - 1])] : Array.from({ length: n }, (_, p) => p);
}

const nanOr = (f: (v: number) => number) => (v: number) => (Number.isNaN(v) ? NaN : f(v));
const clipRef = (lo: number, hi: number) => nanOr((v) => Math.min(Math.max(v, lo), hi));
// numpy's maximum/minimum: NaN if either operand is NaN (JavaScript's Math.max agrees).
const maxRef = (l: number[]) => l.reduce((a, b) => Math.max(a, b), -Infinity);
const minRef = (l: number[]) => l.reduce((a, b) => Math.min(a, b), Infinity);
/** numpy's argmax/argmin: the first NaN if there is one, else the first extreme. */
function argRef(l: number[], better: (a: number, b: number) => boolean): number {
  const nan = l.findIndex(Number.isNaN);
  if (nan >= 0) return nan;
  return l.reduce((at, v, i) => (better(v, l[at]) ? i : at), 0);
}
const argmaxRef = (l: number[]) => argRef(l, (a, b) => a > b);
const argminRef = (l: number[]) => argRef(l, (a, b) => a < b);

const ints = (x: Variable | NDArray) => Array.from((x instanceof Variable ? x.array : x).dataSync());

describeBackends('NaN propagation: elementwise activations and clip', (test) => {
  const cases: [string, (x: NDArray) => Variable, (v: number) => number][] = [
    ['relu', (x) => F.relu(x), nanOr((v) => Math.max(v, 0))],
    ['leakyRelu', (x) => F.leakyRelu(x), nanOr((v) => (v < 0 ? 0.2 * v : v))],
    ['clippedRelu', (x) => F.clippedRelu(x, { z: 5 }), clipRef(0, 5)],
    ['hardSigmoid', (x) => F.hardSigmoid(x), nanOr((v) => Math.min(Math.max(0.2 * v + 0.5, 0), 1))],
    ['clip', (x) => F.clip(x, -1, 2), clipRef(-1, 2)],
    ['clip (lower bound only)', (x) => F.clip(x, -1, null), nanOr((v) => Math.max(v, -1))],
    ['clip (upper bound only)', (x) => F.clip(x, null, 2), nanOr((v) => Math.min(v, 2))],
    ['elu', (x) => F.elu(x), nanOr((v) => (v > 0 ? v : Math.expm1(v)))],
    ['softplus', (x) => F.softplus(x), nanOr((v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))))],
    ['absolute', (x) => F.absolute(x), Math.abs],
    ['sign', (x) => F.sign(x), Math.sign],
  ];
  for (const [name, fn, ref] of cases) {
    test(`${name}: NaN at every position of lengths 1..9`, () => {
      everyPosition((n, p) => {
        const v = withNaN(n, p);
        assertClose(fn(array(v)), v.map(ref), { atol: 1e-6, rtol: 1e-6 });
      });
    });
  }

  test('the gradients keep Chainer\'s masks at NaN (relu y > 0, clip x_min <= x <= x_max: 0 there)', () => {
    const v = withNaN(7, 5);
    const gy = array([1, 2, 3, 4, 5, 6, 7]);
    const masked = (keep: (u: number) => boolean) => v.map((u, i) => (keep(u) ? i + 1 : 0));
    const gradOf = (fn: (x: Variable) => Variable) => {
      const x = new Variable(array(v));
      const y = fn(x);
      y.grad = gy;
      y.backward();
      return x.grad!;
    };
    assertClose(gradOf((x) => F.relu(x)), masked((u) => u > 0));
    assertClose(gradOf((x) => F.clip(x, -1, 2)), masked((u) => u >= -1 && u <= 2));
    assertClose(gradOf((x) => F.clippedRelu(x, { z: 5 })), masked((u) => u > 0 && u < 5));
    // leakyRelu scales where x <= 0 only, so NaN keeps the gradient.
    assertClose(gradOf((x) => F.leakyRelu(x)), v.map((u, i) => (u <= 0 ? 0.2 : 1) * (i + 1)), { atol: 1e-6 });
  });
});

describeBackends('NaN propagation: maximum and minimum', (test) => {
  for (const [name, fn, ref] of [['maximum', F.maximum, Math.max], ['minimum', F.minimum, Math.min]] as const) {
    test(`${name}: NaN in either operand at every position of lengths 1..9`, () => {
      everyPosition((n, p) => {
        const a = withNaN(n, p), b = withNaN(n, -1, 4);
        const expected = a.map((u, i) => ref(u, b[i]));
        assertClose(fn(array(a), array(b)), expected);
        assertClose(fn(array(b), array(a)), expected);
        // A broadcast operand (the other vector path).
        assertClose(fn(array(a), array([1e6])), a.map((u) => ref(u, 1e6)));
        assertClose(fn(array([-1e6]), array(a)), a.map((u) => ref(-1e6, u)));
      });
      // Rows against a broadcast row and a broadcast column (strided operands).
      for (let n = 1; n <= 9; n++) {
        const row = withNaN(5, -1, 2), col = withNaN(n, -1, 3);
        for (const p of positions(5 * n)) {
          const a = withNaN(5 * n, p);
          assertClose(fn(array(a, { shape: [n, 5] }), array(row, { shape: [1, 5] })), a.map((u, i) => ref(u, row[i % 5])));
          assertClose(fn(array(col, { shape: [n, 1] }), array(a, { shape: [n, 5] })), a.map((u, i) => ref(col[Math.floor(i / 5)], u)));
        }
      }
      // A NaN scalar operand makes every element NaN.
      for (let n = 1; n <= 9; n++) {
        const b = withNaN(n, -1);
        assertClose(fn(array(b), array([NaN])), b.map(() => NaN));
        assertClose(fn(array([NaN]), array(b)), b.map(() => NaN));
      }
    });
  }
});

describeBackends('NaN propagation: max, min, argmax and argmin', (test) => {
  test('whole arrays of lengths 1..9', () => {
    everyPosition((n, p) => {
      const v = withNaN(n, p);
      assertClose(F.max(array(v)), NaN);
      assertClose(F.min(array(v)), NaN);
      assert.equal(ints(F.argmax(array(v))), [p]);
      assert.equal(ints(F.argmin(array(v))), [p]);
    });
  });

  test('every axis of (n, 5) and (5, n) arrays, NaN at every position', () => {
    for (let n = 1; n <= 9; n++) {
      for (const shape of [[n, 5], [5, n]]) {
        const size = 5 * n;
        for (const p of positions(size)) {
          const v = withNaN(size, p);
          const x = array(v, { shape });
          for (const axis of [0, 1]) {
            assertClose(F.max(x, axis), reduceAxis(v, shape, axis, maxRef));
            assertClose(F.min(x, axis), reduceAxis(v, shape, axis, minRef));
            assert.equal(ints(F.argmax(x, axis)), Array.from(reduceAxis(v, shape, axis, argmaxRef)));
            assert.equal(ints(F.argmin(x, axis)), Array.from(reduceAxis(v, shape, axis, argminRef)));
          }
          assert.equal(ints(F.argmax(x)), [p]);
          assert.equal(ints(F.argmin(x)), [p]);
        }
      }
    }
  });

  test('maxout, softmax, logSoftmax and logsumexp: a NaN makes its group NaN', () => {
    everyPosition((n, p) => {
      const v = withNaN(n, p);
      const group = (u: number[]) => u.map(() => (u.some(Number.isNaN) ? NaN : 0));
      assertClose(F.maxout(array(v, { shape: [1, n] }), n), [maxRef(v)]);
      assertClose(F.softmax(array(v, { shape: [1, n] })), group(v));
      assertClose(F.logSoftmax(array(v, { shape: [1, n] })), group(v));
      assertClose(F.logsumexp(array(v)), NaN);
      // The class axis strided (inner > 1): NaN only in its own column.
      const cols = array(v.flatMap((u) => [u, 1, 2, 3, 4]), { shape: [1, n, 5] });
      const sm = Array.from(F.softmax(cols, { axis: 1 }).array.dataSync());
      sm.forEach((s, i) => assert.is(Number.isNaN(s), i % 5 === 0, `softmax element ${i} of ${n}x5, NaN at row ${p}`));
    });
  });

  test('softmax, logSoftmax, logsumexp and softmaxCrossEntropy at infinities: Chainer\'s x - max', () => {
    // A row holding +inf has inf - inf = NaN in it (NaN throughout, as numpy gives); -inf
    // alone is an exp of 0; a row of -inf only is NaN again.
    const rows = array([[Infinity, 0, 1], [-Infinity, 0, 1], [-Infinity, -Infinity, -Infinity], [NaN, Infinity, 1]]);
    const e = Math.exp(1), z = 1 + e;
    assertClose(F.softmax(rows), [[NaN, NaN, NaN], [0, 1 / z, e / z], [NaN, NaN, NaN], [NaN, NaN, NaN]]);
    assertClose(F.logSoftmax(rows), [[NaN, NaN, NaN], [-Infinity, -Math.log(z), 1 - Math.log(z)], [NaN, NaN, NaN], [NaN, NaN, NaN]]);
    assertClose(F.logsumexp(rows, 1), [NaN, Math.log(z), NaN, NaN]);
    assertClose(F.softmaxCrossEntropy(rows, array([1, 2, 0, 2], { dtype: 'int32' }), { reduce: 'no' }), [NaN, Math.log(z) - 1, NaN, NaN]);
  });

  test('the gradient of max goes nowhere when the maximum is NaN (Chainer: x == y)', () => {
    const x = new Variable(array(withNaN(6, 2)));
    const y = F.max(x);
    y.backward();
    assertClose(x.grad!, [0, 0, 0, 0, 0, 0]);
  });
});

describeBackends('NaN propagation: where', (test) => {
  test('a NaN in the chosen branch passes through, in the other it is dropped', () => {
    everyPosition((n, p) => {
      const a = withNaN(n, p), b = withNaN(n, (p + 1) % n, 5);
      const cond = Array.from({ length: n }, (_, i) => (i * 5 + p) % 3 === 0 ? 1 : 0);
      const c = array(Int32Array.from(cond));
      assertClose(F.where(c, array(a), array(b)), cond.map((k, i) => (k ? a[i] : b[i])));
      assertClose(F.where(c, array(a), 0), cond.map((k, i) => (k ? a[i] : 0)));
    });
  });
});

describeBackends('NaN propagation: maxPooling2d', (test) => {
  const win = (kh: number, kw: number, sy: number, sx: number, ph: number, pw: number): Window => ({ kh, kw, sy, sx, ph, pw });
  const configs: { name: string; k: number | number[]; options: Record<string, unknown>; w: Window; cover: boolean }[] = [
    { name: 'k3 s1 pad 1', k: 3, options: { stride: 1, pad: 1 }, w: win(3, 3, 1, 1, 1, 1), cover: true },
    { name: 'k (2, 3) s1 pad (0, 1)', k: [2, 3], options: { stride: 1, pad: [0, 1] }, w: win(2, 3, 1, 1, 0, 1), cover: true },
    { name: 'k2 (stride 2, coverAll)', k: 2, options: {}, w: win(2, 2, 2, 2, 0, 0), cover: true },
    { name: 'k3 s (1, 2) pad 1', k: 3, options: { stride: [1, 2], pad: 1 }, w: win(3, 3, 1, 2, 1, 1), cover: true },
    { name: 'k1', k: 1, options: {}, w: win(1, 1, 1, 1, 0, 0), cover: true },
  ];
  const outSize = (size: number, k: number, s: number, p: number, cover: boolean) =>
    Math.floor((size + 2 * p - k + (cover ? s - 1 : 0)) / s) + 1;

  /** y, its indexes through the gather kernel, and the routed gradient, against the reference. */
  function checkPool(values: number[], shape: number[], k: number | number[], options: Record<string, unknown>, w: Window, cover: boolean, what: string) {
    const [N, C, H, W] = shape;
    const oh = outSize(H, w.kh, w.sy, w.ph, cover), ow = outSize(W, w.kw, w.sx, w.pw, cover);
    const ref = maxPoolRef(values, shape, w, oh, ow);
    const x = new Variable(array(values, { shape }));
    const y = F.maxPooling2d(x, k, options);
    assert.equal([...y.shape], [N, C, oh, ow], what);
    assertClose(y, ref.y);
    const node = y.creator as InstanceType<typeof F.MaxPooling2D>;
    assert.equal(ints(node.indexes!), Array.from(ref.at), `indexes, ${what}`);
    // Reading x at the saved indexes gives y back, NaN included.
    assertClose(new F.MaxPooling2DWithIndexes(node.geometry, node.indexes!).apply([x.array])[0], ref.y);
    // Each window's gradient lands on its first NaN or first maximum.
    const gy = Float32Array.from({ length: y.size }, (_, i) => i + 1);
    const gx = new Float64Array(values.length);
    const plane = H * W, outPlane = oh * ow;
    ref.at.forEach((at, o) => { if (at >= 0) gx[Math.floor(o / outPlane) * plane + at] += gy[o]; });
    y.grad = array(gy, { shape: y.shape });
    y.backward();
    assertClose(x.grad!, gx);
  }

  for (const c of configs) {
    test(`${c.name}: rows of width 1..9, NaN at every position`, () => {
      for (let W = 1; W <= 9; W++) {
        const shape = [1, 2, 3, W];
        const size = 6 * W;
        // One NaN per plane, at mirrored positions.
        for (const p of positions(3 * W)) {
          const v = withNaN(size, p);
          v[size - 1 - p] = NaN;
          checkPool(v, shape, c.k, c.options, c.w, c.cover, `${c.name}, width ${W}, NaN at ${p}`);
        }
      }
    });
  }

  test('wide rows (vector lanes at strides 1, 2 and 3), NaN at every position', () => {
    const shape = [1, 1, 3, 22];
    const wide: [number, Record<string, unknown>, Window][] = [
      [2, { stride: 1 }, win(2, 2, 1, 1, 0, 0)],
      [3, { stride: 2, pad: 1 }, win(3, 3, 2, 2, 1, 1)],
      [3, { stride: 3, coverAll: false }, win(3, 3, 3, 3, 0, 0)],
    ];
    for (const [k, options, w] of wide) {
      const cover = options.coverAll !== false;
      for (const p of positions(66)) checkPool(withNaN(66, p), shape, k, options, w, cover, `k${k} stride ${w.sx}, NaN at ${p}`);
    }
  });
});
