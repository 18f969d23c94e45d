// The gradients that flow between function nodes in a plain backward() are recycled once
// nothing can reach them (core/backward.ts, backends/temporaries.ts): the wasm backend reuses
// their memory for later results. Nothing the user can see may change: the values equal
// those of a walk that recycles nothing (retainGrad turns recycling off), arrays kept across
// any number of steps stay as they were, code that is not vouched for (a user's
// FunctionNode, a Variable subclass) keeps what it was given, and memory stays flat.
import { suite } from 'uvu';
import { F, FunctionNode, L, NDArray, Variable, backend, fromTyped, ops, optimizers, random } from '../../src/index';
import { TypedArrayPool } from '../../src/backends/wasm/typed-array-pool';
import { assert, describeBackends, randomValues } from '../util';

type Grad = (Variable | null)[];

class MLP {
  readonly l1: InstanceType<typeof L.Linear>;
  readonly l2: InstanceType<typeof L.Linear>;
  readonly model: InstanceType<typeof L.Classifier>;
  readonly optimizer = new optimizers.SGD({ lr: 0.1 });
  constructor() {
    random.seed(7);
    this.l1 = new L.Linear(12, 16);
    this.l2 = new L.Linear(16, 4);
    const chain = new L.Sequential(this.l1, F.tanh, this.l2);
    this.model = new L.Classifier(chain);
    this.optimizer.setup(this.model);
  }
}

function batch(step: number): { x: NDArray; t: NDArray } {
  const x = fromTyped(randomValues(8 * 12, 100 + step), [8, 12]);
  const t = fromTyped(Int32Array.from({ length: 8 }, (_, i) => (i * 3 + step) % 4), [8]);
  return { x, t };
}

function same(actual: NDArray, expected: Float32Array | Int32Array, what: string): void {
  const a = actual.toTypedArray();
  assert.is(a.length, expected.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], expected[i])) assert.unreachable(`${what}: element ${i} is ${a[i]}, was ${expected[i]}`);
  }
}

describeBackends('recycled gradients of backward()', (test, name) => {
  test('training gives bit for bit the parameters of a walk that recycles nothing', () => {
    const a = new MLP(), b = new MLP();
    for (let step = 0; step < 30; step++) {
      const { x, t } = batch(step);
      a.optimizer.update(() => a.model.forward(x, t));
      // The same step, with every intermediate gradient retained: nothing is recycled.
      b.model.cleargrads();
      b.model.forward(x, t).backward({ retainGrad: true });
      b.optimizer.update();
    }
    for (const [pa, pb] of [[a.l1.W, b.l1.W], [a.l1.b, b.l1.b], [a.l2.W, b.l2.W], [a.l2.b, b.l2.b]] as const) {
      same(pa!.array, pb!.array.toTypedArray() as Float32Array, 'parameter');
    }
  });

  test('a gradient shared by two branches (Add, Reshape) is kept until both have used it', () => {
    const run = (retainGrad: boolean) => {
      const x1 = new Variable(fromTyped(randomValues(6 * 5, 1), [6, 5]));
      const x2 = new Variable(fromTyped(randomValues(6 * 5, 2), [6, 5]));
      const W = new Variable(fromTyped(randomValues(5 * 5, 3), [5, 5]));
      // Add hands its one output gradient to both inputs; the reshape shares it as a view.
      const s = F.add(F.tanh(F.matmul(x1, W)), F.reshape(F.sigmoid(F.matmul(x2, W)), [6, 5]));
      F.sum(F.mul(s, s)).backward({ retainGrad });
      return [x1.grad!, x2.grad!, W.grad!].map((g) => g.toTypedArray());
    };
    const expected = run(true), actual = run(false);
    actual.forEach((g, i) => same(fromTyped(g, [g.length]), expected[i] as Float32Array, `gradient ${i}`));
    // And against float64: d/dx1 of sum(s^2) = (2 s (1 - tanh^2)) W^T.
    const x1 = randomValues(30, 1), x2 = randomValues(30, 2), W = randomValues(25, 3);
    const dot = (x: Float32Array, r: number, c: number) => { let v = 0; for (let k = 0; k < 5; k++) v += x[r * 5 + k] * W[k * 5 + c]; return v; };
    for (let r = 0; r < 6; r++) {
      for (let k = 0; k < 5; k++) {
        let g = 0;
        for (let c = 0; c < 5; c++) {
          const a = Math.tanh(dot(x1, r, c)), b = 1 / (1 + Math.exp(-dot(x2, r, c)));
          g += 2 * (a + b) * (1 - a * a) * W[k * 5 + c];
        }
        assert.ok(Math.abs(actual[0][r * 5 + k] - g) < 1e-5, `d/dx1[${r}, ${k}] = ${actual[0][r * 5 + k]}, float64 ${g}`);
      }
    }
  });

  test('arrays kept from a step stay as they were after 100 more steps', () => {
    const l1 = new L.Linear(12, 16), l2 = new L.Linear(16, 4);
    const optimizer = new optimizers.SGD({ lr: 0.1 });
    const model = new L.Sequential(l1, l2);
    optimizer.setup(model);
    const step = (i: number) => {
      const { x: xa, t } = batch(i);
      const x = new Variable(xa);   // a leaf input that asks for its gradient
      const h = F.tanh(l1.forward(x));
      const y = l2.forward(h);
      const loss = F.softmaxCrossEntropy(y, t);
      // Made with scratch of their own that is recycled at once.
      const accuracy = F.accuracy(y, t), terms = F.softmaxCrossEntropy(y, t, { reduce: 'no' });
      model.cleargrads();
      loss.backward();
      optimizer.update();
      return { x, h, y, loss, accuracy, terms };
    };
    for (let i = 0; i < 3; i++) step(i);
    const kept = step(3);
    // webgl releases a step's temporaries after the next step unless persisted (core/step.ts);
    // on wasm they must stay with no call at all.
    if (name === 'webgl') for (const v of [...Object.values(kept), kept.h.creator!.inputs[0]]) v.persist();
    const snapshot = {
      accuracy: kept.accuracy.array.toTypedArray(), terms: kept.terms.array.toTypedArray(),
      loss: kept.loss.array.toTypedArray(), y: kept.y.array.toTypedArray(), h: kept.h.array.toTypedArray(),
      xGrad: kept.x.grad!.toTypedArray(),
      // The pre-activation, reachable through the graph (Tanh's input).
      pre: kept.h.creator!.inputs[0].array.toTypedArray(),
    };
    const xGrad = kept.x.grad!;
    for (let i = 4; i < 104; i++) step(i);
    same(kept.loss.array, snapshot.loss, 'loss');
    same(kept.accuracy.array, snapshot.accuracy, 'accuracy');
    same(kept.terms.array, snapshot.terms, 'the per-sample losses');
    // Independently: the accuracy is the fraction of rows whose argmax is the label.
    const yv = snapshot.y, labels = batch(3).t.toTypedArray();
    let hits = 0;
    for (let r = 0; r < 8; r++) {
      let best = 0;
      for (let c = 1; c < 4; c++) if (yv[r * 4 + c] > yv[r * 4 + best]) best = c;
      if (best === labels[r]) hits++;
    }
    assert.is(snapshot.accuracy[0], Math.fround(hits / 8));
    same(kept.y.array, snapshot.y, 'y');
    same(kept.h.array, snapshot.h, 'h');
    same(kept.h.creator!.inputs[0].array, snapshot.pre, 'the pre-activation');
    same(xGrad, snapshot.xGrad, "the input's gradient");
    same(kept.x.grad!, snapshot.xGrad, "the input's gradient, read again");
  });

  test("a user's FunctionNode keeps the gradients it was given, and a Variable subclass what it accumulated", () => {
    const seen: Variable[] = [];
    class Twice extends FunctionNode {
      forward([x]: NDArray[]): NDArray[] { return [ops.mul(x, 2)]; }
      override backward(_: number[], [gy]: Grad): Grad {
        seen.push(gy!);
        return [F.mul(gy!, 2)];
      }
    }
    const collected: Variable[] = [];
    class Collecting extends Variable {
      override accumulateGrad(g: Variable): void {
        collected.push(g);
        super.accumulateGrad(g);
      }
    }
    const W = new Variable(fromTyped(randomValues(16, 5), [4, 4]));
    const snapshots: Float32Array[] = [], accumulated: Float32Array[] = [];
    for (let i = 0; i < 40; i++) {
      const x = new Collecting(fromTyped(randomValues(12, 20 + i), [3, 4]));
      const y = new Twice().apply([F.tanh(F.matmul(x, W))])[0];
      W.cleargrad();
      F.sum(F.mul(y, y)).backward();
      snapshots.push(seen.at(-1)!.array.toTypedArray() as Float32Array);
      accumulated.push(collected.at(-1)!.array.toTypedArray() as Float32Array);
    }
    // What each step handed over still reads as it did then.
    seen.forEach((g, i) => same(g.array, snapshots[i], `the gradient step ${i} handed to Twice`));
    collected.forEach((g, i) => same(g.array, accumulated[i], `the gradient step ${i} accumulated`));
  });

  if (name === 'wasm') {
    test('recycled memory stays flat over a long synchronous loop and is used', () => {
      const m = new MLP();
      const step = (i: number) => { const { x, t } = batch(i % 5); m.optimizer.update(() => m.model.forward(x, t)); };
      for (let i = 0; i < 20; i++) step(i);
      const early = backend.memory().recycledBytes!;
      for (let i = 20; i < 2000; i++) step(i);
      const late = backend.memory().recycledBytes!;
      assert.ok(early > 0, `a step's gradients were recycled (${early} bytes kept)`);
      assert.is(late, early, 'the recycled bytes after 2,000 steps equal those after 20');
    });
  }
});

const pool = suite('TypedArrayPool');

pool('hands a given array back for its length and dtype only, once', () => {
  const p = new TypedArrayPool(1 << 20);
  const a = new Float32Array(10);
  p.give(a);
  p.give(a);   // given twice: kept once
  assert.is(p.bytes, 40);
  assert.ok(p.take(10, 'int32') instanceof Int32Array, 'an int32 request does not get the float32 array');
  assert.ok(p.take(11, 'float32') !== a, 'another length does not get it');
  assert.is(p.take(10, 'float32'), a);
  assert.is(p.bytes, 0);
  assert.ok(p.take(10, 'float32') !== a, 'taken once only');
});

pool('keeps no more than its bound', () => {
  const p = new TypedArrayPool(100);
  p.give(new Float32Array(20));
  p.give(new Float32Array(10));   // 80 + 40 > 100: left to the collector
  assert.is(p.bytes, 80);
});

pool('makes new arrays four of a length to a buffer, apart; tiny and large ones alone', () => {
  const p = new TypedArrayPool(0);
  const a = [0, 1, 2, 3, 4].map(() => p.take(100, 'float32') as Float32Array);
  assert.ok(a.slice(1, 4).every((x) => x.buffer === a[0].buffer), 'four share a buffer');
  assert.ok(a[4].buffer !== a[0].buffer, 'the fifth starts another');
  assert.is(a[0].buffer.byteLength, 4 * 400);
  a.forEach((x, i) => x.fill(i + 1));
  a.forEach((x, i) => assert.ok(x.length === 100 && x.every((v) => v === i + 1), `array ${i} is its own`));
  const b = p.take(100, 'int32');
  assert.ok(b instanceof Int32Array && b.buffer !== a[4].buffer, 'int32 arrays do not share with float32 ones');
  assert.ok(p.take(101, 'float32').buffer !== a[4].buffer, 'nor arrays of another length');
  assert.is(p.take(16, 'float32').buffer.byteLength, 64, '64 bytes or less: a buffer of its own');
  assert.is(p.take((1 << 16) + 1, 'float32').buffer.byteLength, 4 * ((1 << 16) + 1), 'over 256 KiB: a buffer of its own');
  assert.is(p.take(7, 'float32').length, 7);
});

pool('lets the oldest half-used buffer go beyond 4 MiB of them', () => {
  const p = new TypedArrayPool(0);
  const n = 65536;   // 256 KiB, the largest shared: 1 MiB buffers
  const first = p.take(n, 'float32');
  assert.is(p.take(n, 'float32').buffer, first.buffer);
  for (let k = 1; k <= 3; k++) p.take(n - k, 'float32');
  assert.is(p.take(n, 'float32').buffer, first.buffer, 'four buffers fit in 4 MiB');
  p.take(n - 4, 'float32');
  assert.ok(p.take(n, 'float32').buffer !== first.buffer, 'a fifth lets the oldest go: its length starts a new buffer');
});

pool.run();
