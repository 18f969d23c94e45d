import { L, NDArray, Variable, array } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';
import { checkLinkBackward } from './link-gradient';
import { type GRUWeights, type Mat, gruStep } from './rnn-reference';

const mat = (rows: number, cols: number, seed: number) => {
  const v = randomValues(rows * cols, seed);
  return Array.from({ length: rows }, (_, r) => Array.from(v.subarray(r * cols, (r + 1) * cols)));
};

function weights(g: InstanceType<typeof L.StatelessGRU>): GRUWeights {
  const w = (l: InstanceType<typeof L.Linear>): [Mat, number[]] => [l.W.array.toArray() as Mat, Array.from((l.b!.array as NDArray).dataSync())];
  return { W_r: w(g.W_r), U_r: w(g.U_r), W_z: w(g.W_z), U_z: w(g.U_z), W: w(g.W), U: w(g.U) };
}

describeBackends('L.GRU, L.StatefulGRU and L.StatelessGRU', (test) => {
  test('children W_r U_r W_z U_z W U with Chainer\'s shapes', () => {
    const g = new L.GRU(4, 3);
    assert.equal(g.namedparams().map(([n, p]) => `${n} ${p.shape.join('x')}`), [
      '/U/W 3x3', '/U/b 3', '/U_r/W 3x3', '/U_r/b 3', '/U_z/W 3x3', '/U_z/b 3',
      '/W/W 3x4', '/W/b 3', '/W_r/W 3x4', '/W_r/b 3', '/W_z/W 3x4', '/W_z/b 3',
    ]);
  });

  test('stateful GRU over three steps against a reference (first step has no state)', () => {
    const g = new L.GRU(4, 3, { biasInit: 0.1 });
    const w = weights(g);
    let h: Mat | null = null;
    for (let t = 0; t < 3; t++) {
      const x = mat(2, 4, 80 + t);
      const y = g.forward(new Variable(array(x)));
      h = gruStep(w, h, x);
      assertClose(y, h, { atol: 1e-5 });
    }
    g.resetState();
    assert.is(g.h, null);
    assertThrows(() => (g.forward as (...a: unknown[]) => unknown)(array(mat(2, 3, 1)), array(mat(2, 4, 1))), 'GRU', 'StatelessGRU');
  });

  test('StatelessGRU: forward(h, x)', () => {
    const g = new L.StatelessGRU(2, 3);
    const w = weights(g);
    const h0 = mat(2, 3, 90), x = mat(2, 2, 91);
    assertClose(g.forward(array(h0), array(x)), gruStep(w, h0, x), { atol: 1e-5 });
  });

  test('gradients through two stateful steps', () => {
    const g = new L.StatefulGRU(3, 2);
    checkLinkBackward(g, (x1, x2) => {
      g.resetState();
      g.forward(x1);
      return g.forward(x2);
    }, [array(mat(2, 3, 95)), array(mat(2, 3, 96))], { atol: 2e-3, rtol: 2e-2 });
  });
});
