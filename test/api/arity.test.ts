// Chainer's functions without keyword arguments have fixed parameters, and an extra
// argument is a TypeError there; JavaScript would drop it silently (F.relu(x, {foo: 1}),
// F.reshape(x, [3, 2], {order: 'F'}), x.add(y, 2)). Every such entry point refuses one,
// naming itself and the argument; its valid call still works. So does each link's forward.
import { F, L, Variable, array, zeros } from '../../src/index';
import { assert, assertThrows, describeBackends } from '../util';
import { F_WITHOUT_OPTIONS, LINKS } from './inventory';

const f32 = (shape: number[], seed = 1) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return array(Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 0.9), { shape });
};
const x23 = () => f32([2, 3]);
const pos = () => array([[0.5, 1, 2], [3, 0.25, 1.5]]);

/** Valid arguments of each function of F_WITHOUT_OPTIONS. */
const F_CALLS: Record<string, () => unknown[]> = {
  relu: () => [x23()], hardSigmoid: () => [x23()], sigmoid: () => [x23()], tanh: () => [x23()], gelu: () => [x23()],
  swish: () => [x23(), f32([3])], prelu: () => [x23(), f32([3])],
  exp: () => [x23()], expm1: () => [x23()], log: () => [pos()], log1p: () => [x23()], log2: () => [pos()], log10: () => [pos()],
  sqrt: () => [pos()], rsqrt: () => [pos()], square: () => [x23()], absolute: () => [x23()],
  sin: () => [x23()], cos: () => [x23()], tan: () => [x23()], arcsin: () => [x23()], arctan: () => [x23()],
  arctan2: () => [x23(), pos()], sinh: () => [x23()], cosh: () => [x23()], erf: () => [x23()], floor: () => [x23()], sign: () => [x23()],
  fmod: () => [x23(), pos()], linearInterpolate: () => [pos(), x23(), f32([2, 3], 2)], clip: () => [x23(), -0.5, 0.5],
  maximum: () => [x23(), pos()], minimum: () => [x23(), pos()], squaredDifference: () => [x23(), pos()],
  reshape: () => [x23(), [3, 2]], broadcastTo: () => [f32([3]), [2, 3]], getItem: () => [x23(), 1],
  selectItem: () => [x23(), array([0, 2], { dtype: 'int32' })], where: () => [array([[1, 0, 1], [0, 1, 0]], { dtype: 'int32' }), x23(), 0],
  flatten: () => [x23()], tile: () => [x23(), 2], moveaxis: () => [x23(), 0, 1], cast: () => [x23(), 'int32'],
  hstack: () => [[x23(), x23()]], vstack: () => [[x23(), x23()]], dstack: () => [[x23(), x23()]],
  meanSquaredError: () => [x23(), pos()], meanAbsoluteError: () => [x23(), pos()],
  lstm: () => [f32([2, 3]), f32([2, 12])],
  nStepLstm: () => [1, 0, zeros([1, 2, 3]), zeros([1, 2, 3]),
    [[0, 1, 2, 3, 4, 5, 6, 7].map((i) => f32([3, i < 4 ? 2 : 3], i))], [[0, 1, 2, 3, 4, 5, 6, 7].map((i) => f32([3], i + 8))], [f32([2, 2])]],
};

const v = () => new Variable(x23());
/** Variable's methods with fixed arguments, and a valid call of each. */
const METHODS: Record<string, (x: Variable, ...extra: unknown[]) => unknown> = {
  add: (x, ...e) => (x.add as Function)(2, ...e),
  sub: (x, ...e) => (x.sub as Function)(v(), ...e),
  rsub: (x, ...e) => (x.rsub as Function)(2, ...e),
  mul: (x, ...e) => (x.mul as Function)(x23(), ...e),
  div: (x, ...e) => (x.div as Function)(2, ...e),
  rdiv: (x, ...e) => (x.rdiv as Function)(2, ...e),
  pow: (x, ...e) => (x.pow as Function)(2, ...e),
  rpow: (x, ...e) => (x.rpow as Function)(2, ...e),
  matmul: (x, ...e) => (x.matmul as Function)(f32([3, 2]), ...e),
  neg: (x, ...e) => (x.neg as Function)(...e),
  abs: (x, ...e) => (x.abs as Function)(...e),
  getItem: (x, ...e) => (x.getItem as Function)(1, ...e),
  sum: (x, ...e) => (x.sum as Function)(0, false, ...e),
};

/**
 * Each link but Classifier (Chainer's forward(*args, **kwargs) passes everything to the
 * predictor): a new one, its forward's valid arguments, and its options, if it takes any
 * (Linear's n_batch_axes, BatchNormalization's keyword-only finetune).
 */
const LINK_CALLS: Record<string, [() => { forward: Function }, () => unknown[], object?]> = {
  Linear: [() => new L.Linear(3, 2), () => [x23()], { nBatchAxes: 1 }],
  Convolution2D: [() => new L.Convolution2D(2, 3, 2), () => [f32([1, 2, 4, 4])]],
  Deconvolution2D: [() => new L.Deconvolution2D(2, 3, 2), () => [f32([1, 2, 3, 3])]],
  DepthwiseConvolution2D: [() => new L.DepthwiseConvolution2D(2, 2, 2), () => [f32([1, 2, 4, 4])]],
  EmbedID: [() => new L.EmbedID(3, 2), () => [array([0, 2], { dtype: 'int32' })]],
  LSTM: [() => new L.LSTM(3, 2), () => [x23()]],
  StatelessLSTM: [() => new L.StatelessLSTM(3, 2), () => [null, null, x23()]],
  GRU: [() => new L.GRU(3, 2), () => [x23()]],
  StatefulGRU: [() => new L.StatefulGRU(3, 2), () => [x23()]],
  StatelessGRU: [() => new L.StatelessGRU(3, 2), () => [f32([2, 2]), x23()]],
  BatchNormalization: [() => new L.BatchNormalization(3), () => [f32([4, 3])], { finetune: false }],
  LayerNormalization: [() => new L.LayerNormalization(3), () => [x23()]],
  PReLU: [() => new L.PReLU(), () => [x23()]],
};

describeBackends('a surplus argument is an error', (test) => {
  test('the table covers every F function without options', () => {
    assert.equal(Object.keys(F_CALLS).sort(), [...F_WITHOUT_OPTIONS].sort());
  });

  for (const [name, args] of Object.entries(F_CALLS)) {
    const fn = (F as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    test(`F.${name}: a surplus argument or an options object throws, naming it`, () => {
      assert.ok(fn(...args()) !== undefined, `${name}'s valid call`);
      assert.ok(fn(...args(), undefined) !== undefined, `${name}: a trailing undefined is no argument`);
      let err: unknown = null;
      try { fn(...args(), 5); } catch (e) { err = e; }
      assert.instance(err, TypeError, `F.${name} accepted a surplus argument`);
      assert.ok((err as Error).message.startsWith(`${name}: unexpected argument 5 (${name} takes `), (err as Error).message);
      assertThrows(() => fn(...args(), { foo: 1 }), `${name}: unexpected argument {foo} (${name} takes `, ', no options)');
    });
  }

  for (const [name, call] of Object.entries(METHODS)) {
    test(`Variable.${name}: a surplus argument or an options object throws, naming it`, () => {
      assert.ok(call(v()) instanceof Variable);
      assert.ok(call(v(), undefined) instanceof Variable);
      assertThrows(() => call(v(), 3), `Variable.${name}: unexpected argument 3 (Variable.${name} takes `);
      assertThrows(() => call(v(), { foo: 1 }), `Variable.${name}: unexpected argument {foo}`, name === 'neg' || name === 'abs' ? 'takes no arguments)' : ', no options)');
    });
  }

  test('the table covers every link but Classifier', () => {
    assert.equal(Object.keys(LINK_CALLS).sort(), LINKS.filter((n) => n !== 'Classifier').sort());
  });

  for (const [name, [make, args, options]] of Object.entries(LINK_CALLS)) {
    test(`${name}.forward: a surplus argument${options ? ' after its options' : ' or an options object'} throws, naming it`, () => {
      assert.ok(make().forward(...args()) !== undefined, `${name}'s valid call`);
      assert.ok(make().forward(...args(), undefined) !== undefined, `${name}: a trailing undefined is no argument`);
      if (options) {
        assert.ok(make().forward(...args(), options) !== undefined, `${name} with its options`);
        assertThrows(() => make().forward(...args(), options, 5), `${name}.forward: unexpected argument 5`);
        return;
      }
      let err: unknown = null;
      try { make().forward(...args(), 5); } catch (e) { err = e; }
      assert.instance(err, TypeError, `${name}.forward accepted a surplus argument`);
      assert.ok((err as Error).message.startsWith(`${name}.forward: unexpected argument 5 (${name}.forward takes `), (err as Error).message);
      assertThrows(() => make().forward(...args(), { foo: 1 }), `${name}.forward: unexpected argument {foo} (${name}.forward takes `, ', no options)');
    });
  }

  test("forward's parameters are Chainer's", () => {
    // forward(x, n_batch_axes=1); finetune is keyword-only; GRU points a forward(h, x) to StatelessGRU.
    assert.equal(new L.Linear(3, 2).forward(f32([2, 1, 3]), 2).shape, [2, 1, 2]);
    assertThrows(() => new L.Linear(3, 2).forward(x23(), 1, 5 as never), 'Linear.forward: unexpected argument 5 (after its inputs Linear.forward takes nBatchAxes and an options object)');
    assertThrows(() => (new L.BatchNormalization(3).forward as Function)(f32([4, 3]), true), 'BatchNormalization.forward: unexpected argument true (after its inputs BatchNormalization.forward takes only an options object)');
    assertThrows(() => (new L.LSTM(3, 2).forward as Function)(x23(), 5), 'LSTM.forward: unexpected argument 5 (LSTM.forward takes x)');
    assertThrows(() => (new L.EmbedID(3, 2).forward as Function)(array([0, 2], { dtype: 'int32' }), 5), 'EmbedID.forward: unexpected argument 5 (EmbedID.forward takes x)');
    assertThrows(() => (new L.StatelessLSTM(3, 2).forward as Function)(null, null, x23(), { foo: 1 }), 'StatelessLSTM.forward: unexpected argument {foo} (StatelessLSTM.forward takes c, h, x, no options)');
    assertThrows(() => (new L.GRU(3, 2).forward as Function)(f32([2, 2]), x23()), 'GRU.forward: takes x alone', 'StatelessGRU');
    assertThrows(() => (new L.GRU(3, 2).forward as Function)(), 'GRU.forward: missing argument x');
  });

  test('the messages', () => {
    assertThrows(() => (F.clip as Function)(x23(), 0, 1, { foo: 1 }), 'clip: unexpected argument {foo} (clip takes x, xMin, xMax, no options)');
    assertThrows(() => (F.tile as Function)(x23(), 2, 3), 'tile: unexpected argument 3 (tile takes x, reps)');
    assertThrows(() => (F.cast as Function)(x23(), 'int32', { copy: false }), 'cast: unexpected argument {copy} (cast takes x, dtype, no options)');
    assertThrows(() => (v().add as Function)(1, 2), 'Variable.add: unexpected argument 2 (Variable.add takes other)');
    assertThrows(() => (v().getItem as Function)(0, 1), 'Variable.getItem: unexpected argument 1 (Variable.getItem takes slices)');
    assertThrows(() => (v().neg as Function)(1), 'Variable.neg: unexpected argument 1 (Variable.neg takes no arguments)');
  });

  test('reshape and transpose take their shape and axes as Chainer does, and nothing else', () => {
    assert.equal(v().reshape(3, 2).shape, [3, 2]);
    assert.equal(v().reshape([3, 2]).shape, [3, 2]);
    assert.equal(v().transpose(1, 0).shape, [3, 2]);
    assert.equal(v().transpose([1, 0]).shape, [3, 2]);
    assert.equal(v().transpose(null).shape, [3, 2]);
    assertThrows(() => (v().reshape as Function)([3, 2], { order: 'F' }), 'reshape');
    assertThrows(() => (v().reshape as Function)(3, 2, { order: 'F' }), 'reshape');
    assertThrows(() => (v().reshape as Function)([3, 2], 1), 'reshape');
    assertThrows(() => (v().transpose as Function)([1, 0], { foo: 1 }), 'transpose');
    assertThrows(() => (v().transpose as Function)(1, 0, 2), 'transpose');
    assertThrows(() => (v().transpose as Function)([1, 0], 1), 'transpose');
  });
});
