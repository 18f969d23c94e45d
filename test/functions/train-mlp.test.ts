// End to end: a two-layer perceptron learns a synthetic three-class problem with plain
// SGD written out here, through F.linear, F.tanh and F.softmaxCrossEntropy.
import { F, Variable, array, ops } from '../../src/index';
import { assert, describeBackends, randomValues } from '../util';

describeBackends('training a two-layer MLP', (test) => {
  test('SGD drives the softmax cross entropy of a 3-class problem below 0.1', () => {
    const [N, D, H, K] = [150, 2, 16, 3];
    // Three blobs around well separated centres, 50 points each.
    const centres = [[2, 0], [-1, 1.7], [-1, -1.7]];
    const noise = randomValues(N * D, 101, -0.6, 0.6);
    const xs = new Float32Array(N * D);
    const ts: number[] = [];
    for (let i = 0; i < N; i++) {
      const k = i % K;
      ts.push(k);
      for (let d = 0; d < D; d++) xs[i * D + d] = centres[k][d] + noise[i * D + d];
    }
    const x = array(xs, { shape: [N, D] });
    const t = array(ts, { dtype: 'int32' });
    // LeCun-normal-like scale from seeded uniforms.
    const W1 = new Variable(array(randomValues(H * D, 102, -1, 1).map((v) => v * Math.sqrt(3 / D)), { shape: [H, D] }));
    const b1 = new Variable(array(new Float32Array(H)));
    const W2 = new Variable(array(randomValues(K * H, 103, -1, 1).map((v) => v * Math.sqrt(3 / H)), { shape: [K, H] }));
    const b2 = new Variable(array(new Float32Array(K)));
    const params = [W1, b1, W2, b2];
    const forward = () => F.linear(F.tanh(F.linear(x, W1, b1)), W2, b2);
    const lr = 0.5;
    const first = F.softmaxCrossEntropy(forward(), t).item();
    let loss = first;
    for (let step = 0; step < 300; step++) {
      for (const p of params) p.cleargrad();
      const l = F.softmaxCrossEntropy(forward(), t);
      l.backward();
      loss = l.item();
      for (const p of params) p.array = ops.sub(p.array, ops.mul(p.grad!, lr));
    }
    const final = F.softmaxCrossEntropy(forward(), t).item();
    assert.ok(first > 0.5, `the untrained loss is high (${first})`);
    assert.ok(final < 0.1, `loss fell from ${first} to ${final} (last step ${loss}); expected < 0.1`);
    const predicted = ops.argmax(forward().array, 1).dataSync();
    const correct = ts.filter((k, i) => predicted[i] === k).length;
    assert.ok(correct / N > 0.97, `training accuracy ${correct / N}`);
  });
});
