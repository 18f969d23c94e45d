// The seed's MLP (784-100-10, tanh) wrapped in a Classifier trains on a synthetic problem
// with every optimizer: the loss falls.
import { Chain, L, Variable, array, optimizers, random, F, type NDArray } from '../../src/index';
import { assert, describeBackends, randomValues } from '../util';

class MLP extends Chain {
  l1 = new L.Linear(784, 100);
  l2 = new L.Linear(100, 10);
  override forward(x: Variable) { return this.l2.forward(F.tanh(this.l1.forward(x))); }
}

/**
 * 200 inputs with labels from a fixed random linear teacher (argmax of x T), on the host:
 * batches are cut from these, so no step reads the device back.
 */
function problem(): { x: Float32Array; t: Int32Array; xAll: NDArray; tAll: NDArray } {
  const n = 200, d = 784, k = 10;
  const x = randomValues(n * d, 3, -1, 1), T = randomValues(d * k, 4, -1, 1);
  const t = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * T[j * k + c];
      if (s > best) { best = s; t[i] = c; }
    }
  }
  return { x, t, xAll: array(x, { shape: [n, d] }), tAll: array(t, { shape: [n] }) };
}

const cases: [string, () => optimizers.GradientMethod][] = [
  ['SGD', () => new optimizers.SGD({ lr: 0.1 })],
  ['MomentumSGD', () => new optimizers.MomentumSGD({ lr: 0.05 })],
  ['NesterovAG', () => new optimizers.NesterovAG({ lr: 0.05 })],
  ['Adam', () => new optimizers.Adam()],
  ['AdamW', () => new optimizers.AdamW({ weightDecayRate: 1e-4 })],
  ['AMSGrad', () => new optimizers.AMSGrad()],
  ['AdaGrad', () => new optimizers.AdaGrad({ lr: 0.02 })],
  ['AdaDelta', () => new optimizers.AdaDelta()],
  ['RMSprop', () => new optimizers.RMSprop({ lr: 0.001 })],
];

describeBackends('training the seed MLP with every optimizer', (test) => {
  // Made by the first test; arrays made from it are on the suite's backend.
  let made: ReturnType<typeof problem> | null = null;
  for (const [name, make] of cases) {
    test(`${name}: the loss falls`, () => {
      const data = made ??= problem();
      random.seed(1);
      const model = new L.Classifier(new MLP());
      const opt = make().setup(model);
      const lossAt = () => model.forward(data.xAll, data.tAll).item();
      const before = lossAt();
      for (let epoch = 0; epoch < 8; epoch++) {
        for (let b = 0; b < 200; b += 50) {
          const x = new Variable(array(data.x.subarray(b * 784, (b + 50) * 784), { shape: [50, 784] }));
          const t = array(data.t.subarray(b, b + 50), { shape: [50] });
          opt.update(model, x, t);
        }
      }
      const after = lossAt();
      assert.ok(after < 0.7 * before, `${name}: loss ${before.toFixed(4)} -> ${after.toFixed(4)}`);
      assert.is(opt.t, 32);
    });
  }
});
