// Chainer's functions without keyword arguments have fixed parameters, and an extra
// argument is a TypeError there; JavaScript would drop it silently (F.relu(x, {foo: 1}),
// F.reshape(x, [3, 2], {order: 'F'}), x.add(y, 2)). Every such entry point refuses one,
// naming itself and the argument; its valid call still works. So do the links' forward
// and the methods of Variable, Parameter, Link and Optimizer.
import { Chain, ChainList, F, L, Sequential, Variable, array, optimizers, zeros } from '../../src/index';
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

class Net extends Chain {
  l = new L.Linear(3, 2);
}
const hook = () => undefined;
/** Methods with Chainer's fixed parameters, each with a valid call (surplus arguments appended). */
const OTHER_METHODS: Record<string, (...extra: unknown[]) => unknown> = {
  'Variable.item': (...e) => (new Variable(array([2])).item as Function)(...e),
  'Variable.cleargrad': (...e) => (v().cleargrad as Function)(...e),
  'Variable.zerograd': (...e) => (v().zerograd as Function)(...e),
  'Variable.unchain': (...e) => (v().unchain as Function)(...e),
  'Variable.unchainBackward': (...e) => (v().unchainBackward as Function)(...e),
  'Variable.toDevice': (...e) => (v().toDevice as Function)(v().device, ...e),
  'Variable.persist': (...e) => (v().persist as Function)(...e),
  'Parameter.cleargrad': (...e) => (new Net().l.W.cleargrad as Function)(...e),
  'Parameter.zerograd': (...e) => (new Net().l.W.zerograd as Function)(...e),
  'Parameter.toDevice': (...e) => { const W = new Net().l.W; return (W.toDevice as Function)(W.device, ...e); },
  'Parameter.initialize': (...e) => (new L.Linear(null, 2).W.initialize as Function)([2, 3], ...e),
  'Parameter.copydata': (...e) => (new Net().l.W.copydata as Function)(zeros([2, 3]), ...e),
  'Net.cleargrads': (...e) => (new Net().cleargrads as Function)(...e),
  'Net.zerograds': (...e) => (new Net().zerograds as Function)(...e),
  'Net.children': (...e) => (new Net().children as Function)(...e),
  'Net.params': (...e) => (new Net().params as Function)(false, ...e),
  'Net.namedparams': (...e) => (new Net().namedparams as Function)(true, ...e),
  'Net.links': (...e) => (new Net().links as Function)(true, ...e),
  'Net.namedlinks': (...e) => (new Net().namedlinks as Function)(false, ...e),
  'Net.countParams': (...e) => (new Net().countParams as Function)(...e),
  'Net.addPersistent': (...e) => (new Net().addPersistent as Function)('n', 1, 'int', ...e),
  'Net.registerPersistent': (...e) => { const n = new Net() as Net & { k: number }; n.k = 1; return (n.registerPersistent as Function)('k', 'int', ...e); },
  'Net.copyparams': (...e) => (new Net().copyparams as Function)(new Net(), false, ...e),
  'Net.addgrads': (...e) => (new Net().addgrads as Function)(new Net(), ...e),
  'Net.toDevice': (...e) => { const n = new Net(); return (n.toDevice as Function)(n.device, ...e); },
  'Net.enableUpdate': (...e) => (new Net().enableUpdate as Function)(...e),
  'Net.disableUpdate': (...e) => (new Net().disableUpdate as Function)(...e),
  'Net.addLink': (...e) => (new Net().addLink as Function)('m', new L.Linear(2, 2), ...e),
  'ChainList.append': (...e) => (new ChainList().append as Function)(new L.Linear(2, 2), ...e),
  'ChainList.addLink': (...e) => (new ChainList().addLink as Function)(new L.Linear(2, 2), ...e),
  'Sequential.append': (...e) => (new Sequential().append as Function)(F.relu, ...e),
  'Sequential.addLink': (...e) => (new Sequential().addLink as Function)(new L.Linear(2, 2), ...e),
  'Sequential.insert': (...e) => (new Sequential(F.relu).insert as Function)(0, F.tanh, ...e),
  'Sequential.pop': (...e) => (new Sequential(F.relu, F.tanh).pop as Function)(0, ...e),
  'Sequential.remove': (...e) => (new Sequential(F.relu).remove as Function)(F.relu, ...e),
  'SGD.setup': (...e) => (new optimizers.SGD().setup as Function)(new Net(), ...e),
  'MomentumSGD.setup': (...e) => (new optimizers.MomentumSGD().setup as Function)(new Net(), ...e),
  'SGD.removeHook': (...e) => { const o = new optimizers.SGD().setup(new Net()).addHook(hook); return (o.removeHook as Function)('hook', ...e); },
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

  for (const [name, call] of Object.entries(OTHER_METHODS)) {
    test(`${name}: a surplus argument or an options object throws, naming it`, () => {
      call();
      call(undefined);
      assertThrows(() => call(5), `${name}: unexpected argument 5`);
      assertThrows(() => call({ foo: 1 }), `${name}: unexpected argument `);
    });
  }

  test("Link's flags are booleans, as an options object there would be ignored", () => {
    const net = new Net();
    assert.is(net.params().length, 2);
    assert.is(new L.Linear(null, 2).params(false).length, 1);
    assert.is(net.links(true).length, 1);
    assertThrows(() => net.params({ includeUninit: false } as never), 'Net.params: includeUninit must be a boolean, got an object');
    assertThrows(() => net.namedparams(0 as never), 'Net.namedparams: includeUninit must be a boolean, got 0');
    assertThrows(() => net.links({ skipself: true } as never), 'Net.links: skipself must be a boolean');
    assertThrows(() => net.namedlinks('yes' as never), 'Net.namedlinks: skipself must be a boolean');
    assertThrows(() => net.copyparams(new Net(), { copyPersistent: false } as never), 'Net.copyparams: copyPersistent must be a boolean');
    assertThrows(() => (net.cleargrads as Function)(1), 'Net.cleargrads: unexpected argument 1 (Net.cleargrads takes no arguments)');
  });

  test("addParam takes Chainer's dtype and initializer positionally or as options, and nothing after", () => {
    const net = new Net();
    assert.is(net.addParam('a', [2], 'float32', 3).array.dataSync()[1], 3);
    assert.is(net.addParam('b', [2], { initializer: 4 }).array.dataSync()[0], 4);
    assert.is(net.addParam('c', 2, null, null).dtype, 'float32');
    assertThrows(() => (net.addParam as Function)('d', [2], 'float32', 3, 5), 'addParam: unexpected argument 5');
    assertThrows(() => (net.addParam as Function)('e', [2], { initializer: 1 }, 5), 'addParam: the options object must be the last argument');
  });

  test("Variable.backward takes Chainer's retainGrad and enableDoubleBackprop positionally or as options, and nothing else", () => {
    for (const retain of [[true], [{ retainGrad: true }]]) {
      const y = new Variable(x23()).mul(2);
      (F.sum(y).backward as Function)(...retain);
      assert.ok(y.grad !== null, 'retainGrad kept the intermediate gradient');
    }
    const y = new Variable(x23()).mul(2);
    F.sum(y).backward(false);
    assert.is(y.grad, null);
    assertThrows(() => (F.sum(v()).backward as Function)(false, false, 1), 'Variable.backward: unexpected argument 1');
    assertThrows(() => (F.sum(v()).backward as Function)({ retainGrad: true }, 5), 'Variable.backward: the options object must be the last argument');
  });

  test("an optimizer's addHook takes Chainer's name and timing positionally or as options; newEpoch its auto", () => {
    const opt = new optimizers.SGD().setup(new Net());
    let calls = 0;
    opt.addHook(() => { calls++; }, { name: 'counted', timing: 'post' });
    opt.addHook(hook, null, 'pre');
    assertThrows(() => opt.addHook(hook, 'other', 'pre', 5 as never), 'SGD.addHook: unexpected argument 5');
    assertThrows(() => opt.addHook(hook, 5 as never), 'SGD.addHook: name must be a string, got 5');
    assertThrows(() => opt.addHook(hook, { naem: 'x' } as never), "SGD.addHook: unknown option 'naem'");
    assertThrows(() => opt.addHook(hook, 'counted'), "hook 'counted' already exists");
    opt.update();
    assert.is(calls, 1);
    opt.removeHook('counted');
    const rule = opt.target!.params()[0].updateRule!;
    rule.addHook(hook, { name: 'r' });
    assertThrows(() => rule.addHook(hook, 'r', 'pre', 5 as never), 'SGDRule.addHook: unexpected argument 5');
    // new_epoch(True) is auto=True, refused unless an updater starts the epochs.
    assertThrows(() => opt.newEpoch(true), 'SGD.newEpoch: invalid call with auto: true');
    assertThrows(() => (opt.newEpoch as Function)(false, 5), 'SGD.newEpoch: unexpected argument 5');
    assertThrows(() => opt.newEpoch({ atuo: true } as never), "SGD.newEpoch: unknown option 'atuo'");
    opt.newEpoch(false);
    opt.useAutoNewEpoch = true;
    opt.newEpoch(true);
    assert.is(opt.epoch, 2);
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
