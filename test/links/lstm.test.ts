import { F, L, NDArray, Variable, array, initializers } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';
import { checkLinkBackward } from './link-gradient';
import { type Mat, affine, addM, lstmStep } from './rnn-reference';

const toMat = (a: NDArray) => a.toArray() as Mat;
const mat = (rows: number, cols: number, seed: number) => {
  const v = randomValues(rows * cols, seed);
  return Array.from({ length: rows }, (_, r) => Array.from(v.subarray(r * cols, (r + 1) * cols)));
};

/** Records the shapes an initializer is asked for. */
class Recording extends initializers.Initializer {
  shapes: number[][] = [];
  protected values(shape: readonly number[]): ArrayLike<number> {
    this.shapes.push([...shape]);
    return new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(this.shapes.length);
  }
}

describeBackends('L.LSTM and L.StatelessLSTM', (test) => {
  test('children upward (in -> 4u) and lateral (u -> 4u, no bias); forget biases start at 1', () => {
    const l = new L.LSTM(3, 2);
    assert.equal(l.namedparams().map(([n, p]) => [n, p.shape]), [['/lateral/W', [8, 2]], ['/upward/W', [8, 3]], ['/upward/b', [8]]]);
    // Interleaved (a, i, f, o) per unit: the forget gate is every 4th entry from 2.
    assertClose(l.upward.b!.array, [0, 0, 1, 0, 0, 0, 1, 0]);
    assert.is(l.h, null);
    assert.is(l.c, null);
  });

  test('weights are initialized one gate block (units rows) at a time', () => {
    const up = new Recording(), lat = new Recording();
    const l = new L.LSTM(5, 3, { upwardInit: up, lateralInit: lat, biasInit: 0.5, forgetBiasInit: -1 });
    assert.equal(up.shapes, [[3, 5], [3, 5], [3, 5], [3, 5]]);
    assert.equal(lat.shapes, [[3, 3], [3, 3], [3, 3], [3, 3]]);
    // Block g of rows holds the g-th draw.
    assertClose(l.upward.W.array.dataSync().filter((_, i) => i % 15 === 0), [1, 2, 3, 4]);
    assertClose(l.upward.b!.array, [0.5, 0.5, -1, 0.5, 0.5, 0.5, -1, 0.5, 0.5, 0.5, -1, 0.5]);
  });

  test('three steps with state against a reference; the first step skips lateral', () => {
    const l = new L.LSTM(4, 3);
    const Wu = toMat(l.upward.W.array), bu = Array.from(l.upward.b!.array.dataSync()), Wl = toMat(l.lateral.W.array);
    let c: Mat = [[0, 0, 0], [0, 0, 0]];
    let h: Mat | null = null;
    for (let t = 0; t < 3; t++) {
      const x = mat(2, 4, 30 + t);
      const y = l.forward(new Variable(array(x)));
      let z = affine(x, Wu, bu);
      if (h) z = addM(z, affine(h, Wl, null));
      ({ c, h } = lstmStep(c, z));
      assertClose(y, h, { atol: 1e-5 });
      assertClose(l.c!, c, { atol: 1e-5 });
      assert.is(l.h, y);
    }
    l.resetState();
    assert.is(l.h, null);
  });

  test('a smaller batch updates the leading rows and carries the rest', () => {
    const l = new L.LSTM(2, 2);
    const Wu = toMat(l.upward.W.array), bu = Array.from(l.upward.b!.array.dataSync()), Wl = toMat(l.lateral.W.array);
    const x1 = mat(3, 2, 41), x2 = mat(2, 2, 42);
    l.forward(array(x1));
    const s1 = lstmStep([[0, 0], [0, 0], [0, 0]], affine(x1, Wu, bu));
    const y = l.forward(array(x2));
    const s2 = lstmStep(s1.c, addM(affine(x2, Wu, bu), affine(s1.h.slice(0, 2), Wl, null)));
    assertClose(y, s2.h, { atol: 1e-5 });
    assertClose(l.h!, [...s2.h, s1.h[2]], { atol: 1e-5 });
    assertClose(l.c!, s2.c, { atol: 1e-5 });
    assertThrows(() => l.forward(array(mat(4, 2, 43))), 'LSTM', 'batch size');
  });

  test('an empty batch leaves the state as it is and backward goes through it (as Chainer)', () => {
    // Chainer 7.8.1 takes x of shape (0, in): h and c carry over and x's gradient is (0, in).
    const run = (withEmpty: boolean) => {
      const l = new L.LSTM(2, 3, { lateralInit: 0.3, upwardInit: -0.2 });
      const x1 = new Variable(array(mat(2, 2, 61))), x0 = new Variable(array([], { shape: [0, 2] })), x3 = new Variable(array(mat(1, 2, 62)));
      const y1 = l.forward(x1);
      if (withEmpty) assert.equal(l.forward(x0).shape, [0, 3]);
      const y3 = l.forward(x3);
      F.sum(y1.mul(array(mat(2, 3, 63)))).add(F.sum(y3.mul(array(mat(1, 3, 64))))).backward();
      return { l, x0, x1, x3 };
    };
    const a = run(true), b = run(false);
    assert.equal(a.x0.grad!.shape, [0, 2]);
    assertClose(a.x1.grad!, b.x1.grad!, { atol: 1e-6 });
    assertClose(a.x3.grad!, b.x3.grad!, { atol: 1e-6 });
    const bParams = b.l.params();
    a.l.params().forEach((p, i) => assertClose(p.grad!, bParams[i].grad!, { atol: 1e-6 }));
  });

  test('LSTM(null, u) and LSTM(u) infer the input size on the first call', () => {
    for (const l of [new L.LSTM(null, 3), new L.LSTM(3)]) {
      assert.not.ok(l.upward.W.isInitialized);
      l.forward(array(mat(2, 5, 50)));
      assert.equal(l.upward.W.shape, [12, 5]);
      assertClose(l.upward.b!.array.dataSync().filter((_, i) => i % 4 === 2), [1, 1, 1]);
    }
  });

  test('gradients through two steps reach upward, lateral and x', () => {
    const l = new L.LSTM(3, 2);
    checkLinkBackward(l, (x1, x2) => {
      l.resetState();
      l.forward(x1);
      return l.forward(x2);
    }, [array(mat(2, 3, 60)), array(mat(2, 3, 61))], { atol: 2e-3, rtol: 2e-2 });
  });

  test('StatelessLSTM: forward(c, h, x) returns [c, h]; null state starts from zeros', () => {
    const s = new L.StatelessLSTM(3, 2);
    const Wu = toMat(s.upward.W.array), bu = Array.from(s.upward.b!.array.dataSync()), Wl = toMat(s.lateral.W.array);
    const x = mat(2, 3, 70);
    const [c1, h1] = s.forward(null, null, array(x));
    const r1 = lstmStep([[0, 0], [0, 0]], affine(x, Wu, bu));
    assertClose(c1, r1.c, { atol: 1e-5 });
    assertClose(h1, r1.h, { atol: 1e-5 });
    const x2 = mat(2, 3, 71);
    const [c2, h2] = s.forward(c1, h1, array(x2));
    const r2 = lstmStep(r1.c, addM(affine(x2, Wu, bu), affine(r1.h, Wl, null)));
    assertClose(c2, r2.c, { atol: 1e-5 });
    assertClose(h2, r2.h, { atol: 1e-5 });
  });
});
