import { Chain, L, Variable, array, F, training } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

const rows = (n: number, d: number, seed: number) => {
  const v = randomValues(n * d, seed);
  return Array.from({ length: n }, (_, r) => Array.from(v.subarray(r * d, (r + 1) * d)));
};

/** Mean softmax cross entropy and accuracy of logits y for labels t, on the host. */
function reference(y: number[][], t: number[]): { loss: number; acc: number } {
  let loss = 0, hits = 0;
  y.forEach((r, n) => {
    const m = Math.max(...r);
    const lse = m + Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0));
    loss += lse - r[t[n]];
    if (r.indexOf(Math.max(...r)) === t[n]) hits++;
  });
  return { loss: loss / y.length, acc: hits / y.length };
}

describeBackends('L.Classifier', (test) => {
  test('keeps y, loss and accuracy; softmax cross entropy and accuracy by default', () => {
    const predictor = new L.Linear(4, 3);
    const c = new L.Classifier(predictor);
    assert.equal(c.namedparams().map(([n]) => n), ['/predictor/W', '/predictor/b']);
    const x = rows(6, 4, 1), t = [0, 2, 1, 1, 0, 2];
    const loss = c.forward(new Variable(array(x)), array(t, { dtype: 'int32' }));
    assert.is(loss, c.loss);
    const y = c.y!.array.toArray() as number[][];
    const ref = reference(y, t);
    assertClose(c.loss!, ref.loss, { atol: 1e-5 });
    assertClose(c.accuracy!, ref.acc, { atol: 1e-6 });
    loss.backward();
    assert.ok(predictor.W.grad !== null);
  });

  test('reports loss and accuracy to the current reporter as main/loss, main/accuracy', () => {
    const c = new L.Classifier(new L.Linear(3, 2));
    const reporter = new training.Reporter();
    reporter.addObserver('main', c);
    const observation: Record<string, unknown> = {};
    reporter.scope(observation, () => c.forward(array(rows(4, 3, 2)), array([0, 1, 1, 0], { dtype: 'int32' })));
    assert.equal(Object.keys(observation).sort(), ['main/accuracy', 'main/loss']);
    // The reporter keeps a copy cut from the graph, as Chainer's.
    assertClose(observation['main/loss'] as Variable, c.loss!.item());
    assertClose(observation['main/accuracy'] as Variable, c.accuracy!.item());
    c.computeAccuracy = false;
    const o2: Record<string, unknown> = {};
    reporter.scope(o2, () => c.forward(array(rows(4, 3, 2)), array([0, 1, 1, 0], { dtype: 'int32' })));
    assert.equal(Object.keys(o2), ['main/loss']);
    assert.is(c.accuracy, null);
  });

  test('a string labelKey takes the label from the trailing keyword object, as Chainer\'s label_key=\'t\'', () => {
    // The predictor receives the other keywords as its keyword object: Chainer's predictor(x=X).
    class P extends Chain {
      l = new L.Linear(2, 3, { initialW: array([[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0]]), initialBias: array([0.1, -0.2, 0.3]) });
      override forward(x: Variable | { x: Variable }) { return this.l.forward(x instanceof Variable ? x : x.x); }
    }
    const c = new L.Classifier(new P(), { labelKey: 't' });
    const x = new Variable(array([[1, 2], [-1, 0.5], [0.25, -2], [3, 1]])), t = array([2, 0, 1, 1], { dtype: 'int32' });
    // Chainer 7.8.1: c(x=X, t=T) and c(X, t=T) give the loss 1.462353229522705, accuracy 0.5.
    assertClose(c.forward({ x, t }), 1.462353229522705, { atol: 1e-6 });
    assertClose(c.accuracy!, 0.5);
    assertClose(c.forward(x, { t }), 1.462353229522705, { atol: 1e-6 });
    assert.is(new L.Classifier(new P(), F.softmaxCrossEntropy, F.accuracy, 't').labelKey, 't');
    // Chainer: ValueError 'Label key "t" is not found'; TypeError for a label_key of another type.
    assertThrows(() => c.forward(x, t), 'Classifier', "'t'", 'not found');
    assertThrows(() => c.forward({ x, y: t }), 'Classifier', "'t'", 'x, y');
    assertThrows(() => new L.Classifier(new P(), { labelKey: 1.5 }), 'Classifier', 'labelKey', '1.5');
  });

  test('custom lossfun / accfun and labelKey', () => {
    class Two extends Chain {
      l = new L.Linear(2, 2);
      override forward(a: Variable, b: Variable) { return this.l.forward(a.add(b)); }
    }
    const c = new L.Classifier(new Two(), { lossfun: (y, t) => F.sum(y.mul(t as Variable)), labelKey: 0 });
    const t = new Variable(array([[1, 0], [0, 1]]));
    const a = new Variable(array([[1, 2], [3, 4]])), b = new Variable(array([[0.5, 0], [0, 0.5]]));
    c.computeAccuracy = false;
    const loss = c.forward(t, a, b);
    const y = (c.predictor as Two).l.forward(a.add(b));
    assertClose(loss, y.array.dataSync()[0] + y.array.dataSync()[3], { atol: 1e-5 });
    assertThrows(() => new L.Classifier(new Two(), { labelKey: 5 }).forward(a, b), 'Classifier', 'labelKey');
    assertThrows(() => new L.Classifier({} as Chain), 'Classifier', 'predictor');
  });
});
