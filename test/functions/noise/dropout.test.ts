import { F, Variable, array, gradientCheck, ones, random, usingConfig } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

describeBackends('F.dropout', (test) => {
  test('the mask carries the scale: every output is 0 or x / (1 - ratio)', () => {
    random.seed(3);
    const x = array(randomValues(4000, 1, 0.5, 2), { shape: [40, 100] });
    const [y, mask] = F.dropout(x, { ratio: 0.3, returnMask: true });
    const xs = x.dataSync(), ys = y.array.dataSync(), ms = mask!.dataSync();
    let kept = 0;
    for (let i = 0; i < xs.length; i++) {
      assert.ok(ms[i] === 0 || Math.abs(ms[i] - 1 / 0.7) < 1e-6, `mask value ${ms[i]}`);
      assertClose(ys[i], xs[i] * ms[i]);
      if (ms[i] !== 0) kept++;
    }
    // 4000 Bernoulli(0.7) draws: the kept fraction is within 5 standard deviations of 0.7
    assert.ok(Math.abs(kept / 4000 - 0.7) < 5 * Math.sqrt(0.7 * 0.3 / 4000), `kept ${kept}`);
    // the default ratio is 0.5: scale 2
    const half = F.dropout(ones([1000])).array.dataSync();
    assert.ok(Array.from(half).every((v) => v === 0 || v === 2));
  });

  test('identity when config.train is false', () => {
    const x = new Variable(array([[1, 2, 3]]));
    const y = usingConfig('train', false, () => F.dropout(x, { ratio: 0.9 }));
    assert.is(y, x);
    const [z, m] = usingConfig('train', false, () => F.dropout(x, { returnMask: true }));
    assert.is(z, x);
    assert.is(m, null);
    // Chainer checks the ratio only when it drops: ratio 1 (a model's setting) evaluates.
    assert.is(usingConfig('train', false, () => F.dropout(x, 1)), x);
  });

  test('reproducible under random.seed', () => {
    const x = ones([5, 20]);
    random.seed(42);
    const a = Array.from(F.dropout(x).array.dataSync());
    const b = Array.from(F.dropout(x).array.dataSync());
    random.seed(42);
    const c = Array.from(F.dropout(x).array.dataSync());
    assert.equal(a, c);
    assert.not.equal(a, b);
  });

  test('gradient is gy times the same mask; double backprop; a given mask is reused', () => {
    random.seed(7);
    const x = new Variable(array(randomValues(30, 2), { shape: [3, 10] }));
    const [y, mask] = F.dropout(x, { ratio: 0.4, returnMask: true });
    assert.is(y.creator!.label, 'Dropout');
    F.sum(y).backward();
    assertClose(x.grad!, mask!);
    const fixed = array(Float32Array.from({ length: 30 }, (_, i) => (i % 3 ? 2 : 0)), { shape: [3, 10] });
    gradientCheck.checkBackward((v) => F.dropout(v, { mask: fixed }), [x.array]);
    gradientCheck.checkDoubleBackward((v) => F.dropout(F.mul(v, v), { mask: fixed }), [x.array], array(randomValues(30, 3), { shape: [3, 10] }), array(randomValues(30, 4), { shape: [3, 10] }));
  });

  test('rng: the mask comes from the given generator alone, element by element', () => {
    const x = ones([4, 25]);
    random.seed(1);
    const before = random.defaultGenerator.getState();
    const [, mask] = F.dropout(x, { ratio: 0.25, rng: new random.Generator(11), returnMask: true });
    // the same draws, by hand: kept when a uniform draw is >= ratio
    const g = new random.Generator(11);
    assert.equal(Array.from(mask!.dataSync()), Array.from({ length: 100 }, () => (g.random() >= 0.25 ? Math.fround(1 / 0.75) : 0)));
    assert.equal(Array.from(random.defaultGenerator.getState()), Array.from(before));
  });

  test('errors', () => {
    const x = ones([2, 2]);
    assertThrows(() => F.dropout(x, { rng: Math.random as never }), 'dropout', 'rng', 'random.Generator');
    assertThrows(() => F.dropout(x, { ratio: 1 }), 'dropout', 'ratio');
    assertThrows(() => F.dropout(x, { ratio: -0.1 }), 'dropout', 'ratio');
    assertThrows(() => F.dropout(x, { mask: ones([3]) }), 'dropout', 'mask');
    assertThrows(() => F.dropout(array([1], { dtype: 'int32' })), 'dropout', 'x');
  });
});
