import { Chain, Link, Parameter, Variable, array, backend, optimizers, ops, F } from '../../src/index';
import type { WebglBackend } from '../../src/backends/webgl/webgl-backend';
import type { SerialValue } from '../../src/serializers/index';
import { assert, assertClose, assertThrows, describeBackends } from '../util';
import { MemorySerializer } from '../links/memory-serializer';


class Two extends Chain {
  a = new Parameter(array([3, -4]));
  b = new Parameter(array([[1, 2], [-2, 0.5]]));
}

function setGrads(m: Two, ga: number[], gb: number[][]): void {
  m.a.grad = array(ga);
  m.b.grad = array(gb);
}

describeBackends('optimizers: update protocol, hooks and serialization', (test, b) => {
  test('update(lossFn, ...args) clears gradients, runs backward and updates', () => {
    const link = new Link();
    const w = link.addParam('w', [3], { initializer: 1 });
    const opt = new optimizers.SGD({ lr: 0.5 }).setup(link);
    const x = array([1, -2, 0.5]);
    const loss = (xs: typeof x) => F.sum(w.mul(xs));
    opt.update(loss, x);
    opt.update(loss, x);
    // Gradients do not accumulate across updates: p = 1 - 2 lr x.
    assertClose(w.array, [0, 3, 0.5]);
    assert.is(opt.t, 2);
    // A link whose forward returns the loss works as well (Chainer's update(model, x, t)).
    class Loss extends Chain {
      w = new Parameter(array([2]));
      override forward(s: number) { return F.sum(this.w.mul(s)); }
    }
    const l = new Loss();
    new optimizers.SGD({ lr: 0.25 }).setup(l).update(l, 4);
    assertClose(l.w.array, [1]);
  });

  test("an update rule's parent is an optimizer's hyperparam or null, named otherwise", () => {
    assertClose(array([new optimizers.SGDRule(new optimizers.SGD(0.5).hyperparam).hyperparam.lr]), [0.5]);
    assertThrows(() => new optimizers.AdamRule(3 as never), 'UpdateRule', 'parentHyperparam', '3');
  });

  test("a rule made alone takes its optimizer's defaults and its own hyperparameters, as Chainer's SGDRule(lr=0.5)", () => {
    // Chainer: SGDRule().hyperparam.lr is 0.01 (_default_hyperparam); SGDRule(lr=0.5) steps p -= 0.5 g
    assertClose(array([new optimizers.SGDRule().hyperparam.lr, new optimizers.AdamRule().hyperparam.beta2]), [0.01, 0.999]);
    assertClose(array([new optimizers.MomentumSGDRule(null, 0.1, 0.5).hyperparam.momentum, new optimizers.AdamRule(null, { alpha: 0.01 }).hyperparam.alpha]), [0.5, 0.01]);
    const p = new Parameter(array([1, 2]));
    p.grad = array([1, 1]);
    p.updateRule = new optimizers.SGDRule(null, 0.5) as never;
    p.update();
    assertClose(p.array, [0.5, 1.5]);
    // an override on a rule under an optimizer stays the rule's own
    const sgd = new optimizers.SGD(0.5);
    const rule = new optimizers.SGDRule(sgd.hyperparam, 0.2);
    sgd.lr = 0.3;
    assertClose(array([rule.hyperparam.lr, new optimizers.SGDRule(sgd.hyperparam).hyperparam.lr]), [0.2, 0.3]);
    assertThrows(() => new optimizers.AdamRule(null, { alhpa: 1 }), 'AdamRule', "unknown option 'alhpa'");
    assertThrows(() => new optimizers.SGDRule(null, 'x'), 'SGDRule', 'lr must be a number');
  });

  test('parameters without a gradient get zeros, so momentum still moves them (as Chainer)', () => {
    const link = new Link();
    const w = link.addParam('w', [1], { initializer: 0 });
    const opt = new optimizers.MomentumSGD({ lr: 0.1, momentum: 0.5 }).setup(link);
    w.grad = array([1]);
    opt.update();
    assertClose(w.array, [-0.1]);
    w.cleargrad();
    opt.update();
    // v = 0.5 * -0.1 - 0.1 * 0 = -0.05
    assertClose(w.array, [-0.15]);
    assertClose(w.grad!, [0]);
  });

  test('WeightDecay: g += rate p before the rule', () => {
    const m = new Two();
    const opt = new optimizers.SGD({ lr: 0.1 }).setup(m);
    opt.addHook(new optimizers.WeightDecay(0.01));
    setGrads(m, [1, 1], [[0, 0], [1, -1]]);
    opt.update();
    assertClose(m.a.array, [3 - 0.1 * (1 + 0.03), -4 - 0.1 * (1 - 0.04)]);
    assertClose(m.b.array, [[1 - 0.1 * 0.01, 2 - 0.1 * 0.02], [-2 - 0.1 * (1 - 0.02), 0.5 - 0.1 * (-1 + 0.005)]]);
  });

  test('Lasso: g += rate sign(p)', () => {
    const m = new Two();
    const opt = new optimizers.SGD({ lr: 1 }).setup(m);
    opt.addHook(new optimizers.Lasso(0.5));
    setGrads(m, [0, 0], [[0, 0], [0, 0]]);
    opt.update();
    assertClose(m.a.array, [2.5, -3.5]);
    assertClose(m.b.array, [[0.5, 1.5], [-1.5, 0]]);
  });

  test('GradientClipping scales every gradient by threshold / global norm', () => {
    const m = new Two();
    const opt = new optimizers.SGD({ lr: 1 }).setup(m);
    opt.addHook(new optimizers.GradientClipping(2.5));
    // Global norm over both parameters: sqrt(9 + 16 + 0 + 0 + 0 + 0) = 5 -> rate 0.5.
    setGrads(m, [3, 4], [[0, 0], [0, 0]]);
    opt.update();
    assertClose(m.a.array, [3 - 1.5, -4 - 2]);
    // Below the threshold nothing changes.
    setGrads(m, [0.3, 0.4], [[0, 0], [0, 0]]);
    opt.update();
    assertClose(m.a.array, [1.5 - 0.3, -6 - 0.4]);
    // The norm counts every parameter: sqrt(1 + 1 + 4 + 4 + 4 + 4) = sqrt(18).
    setGrads(m, [1, 1], [[2, 2], [2, 2]]);
    const before = m.b.array.toArray() as number[][];
    opt.update();
    const rate = 2.5 / Math.sqrt(18);
    assertClose(m.b.array, before.map((r) => r.map((v) => v - 2 * rate)), { atol: 1e-6 });
  });

  test('GradientClipping adds the partial sums, takes the root and divides in double, as Chainer on numpy 1.x', () => {
    // Chainer 7.8.1 on numpy 1.24: sum(dots) starts from the int 0, so the float32 partial
    // sums add as float64, numpy.sqrt is float64 and rate = threshold / norm is float64;
    // grad *= rate scales by it rounded to float32. Three ones with threshold 1.5 give
    // 0.8660253882408142 (numpy 2 keeps float32 scalars float32: 0.866025447845459).
    const m = new Two();
    setGrads(m, [1, 1], [[1, 0], [0, 0]]);
    new optimizers.GradientClipping(1.5).run(new optimizers.SGD().setup(m));
    const tol = b === 'webgl' ? 1e-7 : 0;
    assertClose(m.a.grad!, [0.8660253882408142, 0.8660253882408142], { atol: tol, rtol: 0 });
    assertClose(m.b.grad!, [[0.8660253882408142, 0], [0, 0]], { atol: tol, rtol: 0 });
    // Partial sums 2.05 and 9.25 (float32): their float64 sum gives the rate 0.44309714...,
    // their float32 sum 0.44309717... (numpy 2's values: 0.5760263204574585, ...). WebGL
    // keeps the rate on the device in float32, as Chainer's cupy path.
    setGrads(m, [1.3, -0.6], [[2.4, 1.1], [1.2, -1.0]]);
    new optimizers.GradientClipping(1.5).run(new optimizers.SGD().setup(m));
    const rtol = b === 'webgl' ? 3e-7 : 0;
    assertClose(m.a.grad!, [0.5760262608528137, -0.2658582925796509], { atol: 0, rtol });
    assertClose(m.b.grad!, [[1.0634331703186035, 0.4874068796634674], [0.5317165851593018, -0.44309714436531067]], { atol: 0, rtol });
  });

  test('GradientClipping takes each squared norm in the order of numpy 1.24\'s x.dot(x): term after term in float32', () => {
    // Chainer 7.8.1 on numpy 1.24 (its reference BLAS sdot adds one float32 running sum):
    // the rates threshold / norm for gradients g_j[i] = ((37 i + 11 j) % 101 - 50) / 7.
    const g = (n: number, j: number) => Array.from({ length: n }, (_, i) => Math.fround((((i * 37 + j * 11) % 101) - 50) / 7));
    for (const [sizes, rate] of [[[3, 40, 300], 0.012949890333660256], [[5, 129, 700], 0.008305728596056416], [[2, 17, 1000], 0.007513718735676677]] as const) {
      const link = new Link();
      const params = sizes.map((n, j) => link.addParam(`p${j}`, [n], { initializer: 0 }));
      params.forEach((p, j) => { p.grad = array(g(sizes[j], j)); });
      new optimizers.GradientClipping(1).run(new optimizers.SGD().setup(link));
      // grad *= rate scales by the rate rounded to float32; webgl sums in its own order.
      const rtol = b === 'webgl' ? 1e-6 : 0;
      params.forEach((p, j) => assertClose(p.grad!, g(sizes[j], j).map((v) => Math.fround(v * Math.fround(rate))), { atol: 0, rtol }));
    }
  });

  test('a 0-d parameter is updated in numpy 1.24\'s types: Python floats times 0-d arrays are float64', () => {
    // Chainer 7.8.1 on numpy 1.24: w = Parameter(array(0.3, float32)) (as L.PReLU()'s W),
    // three updates with gradients 0.7, -1.3, 0.25, without and with WeightDecay(0.01),
    // GradientClipping(0.5) and Lasso(0.003). Value-based casting keeps float32 only for
    // arrays with axes, so on 0-d arrays `param.data -= lr * grad` and the like run in float64.
    const cases: [string, Record<string, number | boolean>, number, number][] = [
      ['SGD', { lr: 0.1 }, 0.33500000834465027, 0.2738006114959717],
      ['MomentumSGD', { lr: 0.1 }, 0.33230000734329224, 0.2325628697872162],
      ['NesterovAG', { lr: 0.1 }, 0.39266297221183777, 0.19566258788108826],
      ['CorrectedMomentumSGD', { lr: 0.1 }, 0.33230000734329224, 0.2325628697872162],
      ['Adam', { alpha: 0.1 }, 0.248838871717453, 0.18636494874954224],
      ['Adam', { alpha: 0.1, amsgrad: true, weightDecayRate: 0.01 }, 0.24158087372779846, 0.17940182983875275],
      ['AdaBound', { alpha: 0.1 }, 0.248838871717453, 0.18636494874954224],
      ['AdaGrad', { lr: 0.1 }, 0.271352618932724, 0.23627905547618866],
      ['AdaDelta', {}, 0.29968446493148804, 0.29731953144073486],
      ['RMSprop', { lr: 0.1 }, 0.013516200706362724, -0.3285682499408722],
      ['RMSpropGraves', { lr: 0.1 }, -0.2622416913509369, -0.48149606585502625],
      ['MSVAG', { lr: 0.1 }, 0.23447535932064056, 0.24917487800121307],
    ];
    for (const [name, options, plain, hooked] of cases) {
      for (const [hooks, expected] of [[false, plain], [true, hooked]] as const) {
        const link = new Link();
        const w = link.addParam('w', [], { initializer: 0.3 });
        const opt = new (optimizers as unknown as Record<string, new (o: object) => optimizers.GradientMethod>)[name](options).setup(link);
        if (hooks) opt.addHook(new optimizers.WeightDecay(0.01)).addHook(new optimizers.GradientClipping(0.5)).addHook(new optimizers.Lasso(0.003));
        for (const g of [0.7, -1.3, 0.25]) {
          w.grad = array(g);
          opt.update();
        }
        // the host computes these on wasm; webgl runs its float32 kernels
        assertClose(w.array, expected, { atol: 0, rtol: b === 'webgl' ? 1e-5 : 0 });
      }
    }
  });

  test('GradientClipping scales resident gradients in place; the norm is an accurate long sum', () => {
    const m = new Two();
    const opt = new optimizers.SGD({ lr: 1 }).setup(m);
    setGrads(m, [3, 4], [[0, 0], [0, 0]]);
    const ga = m.a.grad!, storage = ga.storage;
    new optimizers.GradientClipping(2.5).run(opt);
    assert.ok(m.a.grad === ga && ga.storage === storage, 'the gradient was scaled where it lives');
    assertClose(ga, [1.5, 2]);
    // Σ x² over 100,003 values against float64: the error does not grow with the length.
    const values = Float32Array.from({ length: 100003 }, (_, i) => Math.sin(i) * (1 + (i % 7)));
    const exact = values.reduce((s, v) => s + v * v, 0);
    assertClose(ops.sumSquares(array(values)), exact, { rtol: 1e-6 });
  });

  test('GradientClipping: a NaN norm makes every gradient NaN, as Chainer (the step is not skipped)', () => {
    const m = new Two();
    const opt = new optimizers.SGD({ lr: 1 }).setup(m);
    setGrads(m, [NaN, 1], [[1, 2], [3, 4]]);
    const reads = b === 'webgl' ? (backend.get('webgl') as WebglBackend).transfers.reads : 0;
    new optimizers.GradientClipping(1).run(opt);
    // On the GPU the rate is clipped on the device, as Chainer's cupy path: nothing is read back.
    if (b === 'webgl') assert.is((backend.get('webgl') as WebglBackend).transfers.reads, reads, 'no read on webgl');
    assert.ok([...m.a.grad!.dataSync(), ...m.b.grad!.dataSync()].every(Number.isNaN));
    // An overflowing norm (inf) gives rate 0: gradients become zeros (inf ones NaN).
    setGrads(m, [3e38, 3e38], [[1, -2], [0, 0]]);
    new optimizers.GradientClipping(1).run(opt);
    assertClose(m.b.grad!, [[0, -0], [0, 0]]);
  });

  test('scaleInPlace takes a one-element array factor on the same backend', () => {
    const m = new Two();
    setGrads(m, [3, 4], [[1, 1], [1, 1]]);
    const ga = m.a.grad!;
    ops.scaleInPlace(ga, array([0.5]));
    assertClose(ga, [1.5, 2]);
    assertThrows(() => ops.scaleInPlace(ga, array([1, 2])), 'scaleInPlace: factor must be a number or a one-element array', '(2,) float32');
  });

  test('GradientHardClipping clips each element', () => {
    const m = new Two();
    const opt = new optimizers.SGD({ lr: 1 }).setup(m);
    opt.addHook(new optimizers.GradientHardClipping(-0.5, 1));
    setGrads(m, [3, -4], [[0.25, -0.25], [2, -2]]);
    opt.update();
    assertClose(m.a.array, [2, -3.5]);
    assertClose(m.b.array, [[0.75, 2.25], [-3, 1]]);
    // one bound may be null (Chainer passes None to numpy.clip): that side stays open
    const upper = new Two();
    const o2 = new optimizers.SGD({ lr: 1 }).setup(upper);
    o2.addHook(new optimizers.GradientHardClipping(null, 1));
    setGrads(upper, [3, -4], [[0.25, -0.25], [2, -2]]);
    o2.update();
    assertClose(upper.a.array, [2, 0]);
    assertClose(upper.b.array, [[0.75, 2.25], [-3, 2.5]]);
    const lower = new Two();
    const o3 = new optimizers.SGD({ lr: 1 }).setup(lower);
    o3.addHook(new optimizers.GradientHardClipping(-0.5, null));
    setGrads(lower, [3, -4], [[0.25, -0.25], [2, -2]]);
    o3.update();
    assertClose(lower.a.array, [0, -3.5]);
    assertClose(lower.b.array, [[0.75, 2.25], [-4, 1]]);
    assertThrows(() => new optimizers.GradientHardClipping(null, null), 'GradientHardClipping', 'one of lowerBound and upperBound');
  });

  test('GradientLARS scales each gradient by |p| / (eps + |g| + weightDecay |p|), as Chainer\'s (numpy: float32 norms, a float64 rate)', () => {
    const tol = b === 'webgl' ? 1e-6 : 0;
    const run = (hook: optimizers.GradientLARS, a: number[]) => {
      const m = new Two();
      m.a.array = array(a);
      const opt = new optimizers.SGD({ lr: 1 }).setup(m);
      opt.addHook(hook);
      setGrads(m, [0.5, 1.5], [[0.25, -0.25], [2, -2]]);
      opt.callHooks('pre');
      return m;
    };
    // numpy running Chainer's hook on a = [3, -4], b = [[1, 2], [-2, 0.5]] with these gradients
    let m = run(new optimizers.GradientLARS(), [3, -4]);
    assertClose(m.a.grad!, [1.5811388492584229, 4.743416786193848], { atol: tol, rtol: tol });
    assertClose(m.b.grad!, [[0.26674678921699524, -0.26674678921699524], [2.133974313735962, -2.133974313735962]], { atol: tol, rtol: tol });
    m = run(new optimizers.GradientLARS(1e-2, 0.1), [3, -4]);
    assertClose(m.a.grad!, [1.9220246076583862, 2.6427838802337646], { atol: tol, rtol: tol });
    assertClose(m.b.grad!, [[0.33744099736213684, -0.04820585250854492], [1.7354108095169067, -1.8800283670425415]], { atol: tol, rtol: tol });
    // |p| at or below the threshold: rate 1, the decay still added
    m = run(new optimizers.GradientLARS(1e-2, 0.1), [0.001, 0.002]);
    assertClose(m.a.grad!, [0.5001000165939331, 1.5002000331878662], { atol: tol, rtol: tol });
  });

  test('GradientNoise adds N(0, eta / (1 + t)^0.55) with the rule\'s t, or what noiseFunc makes', () => {
    const m = new Two();
    const opt = new optimizers.SGD({ lr: 1 }).setup(m);
    const seen: [readonly number[], number][] = [];
    opt.addHook(new optimizers.GradientNoise(0.3, (shape, hook, rule) => {
      seen.push([shape, rule.t]);
      return array(new Float32Array(shape.reduce((x, y) => x * y, 1)).fill(hook.eta), { shape: [...shape] });
    }));
    setGrads(m, [1, 2], [[0, 0], [0, 0]]);
    opt.update();
    setGrads(m, [1, 2], [[0, 0], [0, 0]]);
    opt.callHooks('pre');
    assertClose(m.a.grad!, [1.3, 2.3]);
    assert.equal(seen.map(([s, t]) => [[...s], t]), [[[2], 0], [[2, 2], 0], [[2], 1], [[2, 2], 1]]);
    // the default: the sample deviation is sqrt(eta / (1 + t)^0.55)
    const big = new (class extends Link { w = new Parameter(array(new Float32Array(20000))); })();
    const o2 = new optimizers.SGD().setup(big);
    for (let t = 0; t < 3; t++) o2.update();
    big.w.grad = array(new Float32Array(20000));
    new optimizers.GradientNoise(0.5).run(big.w.updateRule, big.w);
    const v = Array.from(big.w.grad!.toTypedArray());
    const std = Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    assertClose(std, Math.sqrt(0.5 / Math.pow(4, 0.55)), { rtol: 0.02 });
  });

  test("hooks take Chainer's keywords in an options object: new WeightDecay({rate}) is WeightDecay(rate=...)", () => {
    const grads = (hook: optimizers.WeightDecay | optimizers.Lasso | optimizers.GradientHardClipping | optimizers.GradientLARS | optimizers.GradientClipping) => {
      const m = new Two();
      m.a.array = array([3, -4]);
      const opt = new optimizers.SGD({ lr: 1 }).setup(m);
      opt.addHook(hook);
      setGrads(m, [0.5, 1.5], [[0.25, -0.25], [2, -2]]);
      opt.callHooks('pre');
      return [...m.a.grad!.toTypedArray(), ...m.b.grad!.toTypedArray()];
    };
    const pairs: [() => Parameters<typeof grads>[0], () => Parameters<typeof grads>[0]][] = [
      [() => new optimizers.WeightDecay(0.1), () => new optimizers.WeightDecay({ rate: 0.1 })],
      [() => new optimizers.Lasso(0.1), () => new optimizers.Lasso({ rate: 0.1 })],
      [() => new optimizers.GradientClipping(1.5), () => new optimizers.GradientClipping({ threshold: 1.5 })],
      [() => new optimizers.GradientHardClipping(-0.5, 1), () => new optimizers.GradientHardClipping({ lowerBound: -0.5, upperBound: 1 })],
      [() => new optimizers.GradientHardClipping(null, 1), () => new optimizers.GradientHardClipping(null, { upperBound: 1 })],
      [() => new optimizers.GradientLARS(1e-2, 0.1), () => new optimizers.GradientLARS({ weightDecay: 0.1 })],
      [() => new optimizers.GradientLARS(0.5), () => new optimizers.GradientLARS({ threshold: 0.5 })],
    ];
    for (const [positional, keyword] of pairs) {
      const hook = keyword();
      assert.equal(grads(hook), grads(positional()), hook.name);
    }
    const noise = (shape: readonly number[]) => array(new Float32Array(shape.reduce((x, y) => x * y, 1)).fill(1), { shape: [...shape] });
    const g = new optimizers.GradientNoise({ eta: 0.3, noiseFunc: noise });
    assert.equal([g.eta, g.noiseFunc === noise], [0.3, true]);
    assert.is(new optimizers.GradientNoise(0.3).noiseFunc, optimizers.exponentialDecayNoise);
    assertThrows(() => new optimizers.WeightDecay({ rat: 0.1 } as never), 'WeightDecay', "unknown option 'rat'");
    assertThrows(() => new optimizers.GradientClipping(2, { threshold: 1 }), 'GradientClipping', 'threshold is given both positionally and in the options');
    assertThrows(() => new optimizers.WeightDecay(0.1, 0.2 as never), 'WeightDecay', 'unexpected argument 0.2');
    assertThrows(() => new optimizers.GradientHardClipping({ lowerBound: -1 }), 'GradientHardClipping', 'lowerBound and upperBound must both be given');
    assertThrows(() => new optimizers.GradientLARS(0.1, { threshold: 0.2 }), 'GradientLARS', 'threshold is given both positionally and in the options');
  });

  test('hooks run before t += 1, in the order added', () => {
    const run = (first: 'clip' | 'decay') => {
      const link = new Link();
      const w = link.addParam('w', [1], { initializer: 2 });
      const opt = new optimizers.SGD({ lr: 1 }).setup(link);
      const seen: number[] = [];
      opt.addHook((o) => seen.push(o.t), 'probe');
      const clip = new optimizers.GradientClipping(1), decay = new optimizers.WeightDecay(1);
      if (first === 'clip') opt.addHook(clip).addHook(decay); else opt.addHook(decay).addHook(clip);
      w.grad = array([3]);
      opt.update();
      assert.equal(seen, [0]);
      return w.array.item();
    };
    // clip then decay: g = 1 + 2 = 3; decay then clip: g = min(1, 3 + 2) = 1.
    assertClose(run('clip'), -1);
    assertClose(run('decay'), 1);
  });

  test('a parameter added after setup (here by a pre hook) has no update rule and is not updated, as in Chainer', () => {
    const link = new Link();
    const w = link.addParam('w', [1], { initializer: 1 });
    const opt = new optimizers.SGD({ lr: 1 }).setup(link);
    let added: Parameter | null = null;
    // (cleared: a new parameter's gradient is NaN, as in Chainer)
    opt.addHook(() => { if (!added) (added = link.addParam('v', [1], { initializer: 2 })).cleargrad(); }, 'grow');
    w.grad = array([0.5]);
    opt.update();
    assertClose(w.array, [0.5]);
    // The new parameter got a zero gradient after the hook, as Chainer reallocates them, but no rule.
    assertClose(added!.array, [2]);
    assertClose(added!.grad!, [0]);
    assert.is(added!.updateRule, null);
    // with a gradient it still stays: Chainer's Parameter.update does nothing without a rule
    added!.grad = array([1]);
    w.grad = array([0.5]);
    opt.update();
    assertClose(added!.array, [2]);
    assertClose(w.array, [0]);
    // setup again gives every parameter a rule (and starts counting again)
    opt.setup(link);
    added!.grad = array([1]);
    opt.update();
    assertClose(added!.array, [1]);
  });

  test('hook registration errors', () => {
    const opt = new optimizers.SGD();
    assertThrows(() => opt.addHook(new optimizers.WeightDecay(1)), 'addHook', 'setup');
    opt.setup(new Two());
    opt.addHook(new optimizers.WeightDecay(1));
    assertThrows(() => opt.addHook(new optimizers.WeightDecay(2)), 'addHook', "'WeightDecay' already exists");
    opt.addHook(new optimizers.WeightDecay(2), 'decay2');
    opt.removeHook('WeightDecay');
    assertThrows(() => opt.removeHook('WeightDecay'), 'removeHook', 'WeightDecay');
    // an anonymous function takes the name of a Python lambda, as Chainer's __name__ gives it
    opt.addHook(() => {});
    assertThrows(() => opt.addHook(() => {}), 'addHook', "'<lambda>' already exists");
    opt.removeHook('<lambda>');
    // the optimizer's timing: an explicit one must be valid; a hook's own invalid timing
    // attribute falls back to 'pre' with a warning, as in Chainer
    assertThrows(() => opt.addHook(() => {}, 'x', 'later' as never), 'addHook', "timing must be 'pre', 'post' or 'auto'");
    const warn = console.warn;
    const warned: string[] = [];
    console.warn = (m: string) => { warned.push(m); };
    try {
      opt.addHook({ name: 'odd', timing: 'later' as never, run() {} });
    } finally {
      console.warn = warn;
    }
    assert.match(warned.join('\n'), "hook 'odd' has timing later");
    opt.removeHook('odd');
    assertThrows(() => opt.addHook({ run() {} }), 'addHook', 'no name');
    assertThrows(() => new optimizers.SGD().update(), 'setup');
    assertThrows(() => new optimizers.SGD().setup({} as Link), 'setup', 'Link');
    // an update rule's hooks: Chainer's _Hookable refuses a timing other than 'pre', 'post', 'auto'
    const rule = (opt.target as Two).a.updateRule!;
    assertThrows(() => rule.addHook(() => {}, 'h', 'later' as never), 'SGDRule.addHook', "timing must be 'pre', 'post' or 'auto'", 'later');
    rule.addHook(() => {}, 'h', 'post');
    assertThrows(() => rule.addHook(() => {}, 'h'), 'SGDRule.addHook', "'h' already exists");
  });

  test('hyperparameters: optimizer values are defaults every rule reads; a rule may override', () => {
    const m = new Two();
    const opt = new optimizers.SGD({ lr: 1 }).setup(m);
    opt.lr = 0.5;
    assert.is(opt.hyperparam.lr, 0.5);
    m.b.updateRule!.hyperparam.lr = 0.25;
    setGrads(m, [1, 1], [[1, 1], [1, 1]]);
    opt.update();
    assertClose(m.a.array, [2.5, -4.5]);
    assertClose(m.b.array, [[0.75, 1.75], [-2.25, 0.25]]);
    assert.is(m.a.updateRule!.hyperparam.lr, 0.5);
  });

  test('disableUpdate freezes a link; its rules do not count steps', () => {
    const m = new Two();
    const opt = new optimizers.SGD({ lr: 1 }).setup(m);
    m.disableUpdate();
    assert.not.ok(m.updateEnabled);
    setGrads(m, [1, 1], [[1, 1], [1, 1]]);
    opt.update();
    assertClose(m.a.array, [3, -4]);
    assert.is(m.a.updateRule!.t, 0);
    assert.is(opt.t, 1);
    m.enableUpdate();
    opt.update();
    assertClose(m.a.array, [2, -5]);
  });

  test('a parameter shared by two children is updated at each of its places, as Chainer\'s target.params() lists it', () => {
    class Tied extends Chain {
      x = new Link();
      y = new Link();
    }
    const t = new Tied();
    const w = t.x.addParam('w', [1], { initializer: 1 });
    (t.y as unknown as { w: Parameter }).w = w;
    assert.equal(t.namedparams().map(([n]) => n), ['/x/w', '/y/w']);
    const opt = new optimizers.SGD({ lr: 1 }).setup(t);
    w.grad = array([0.25]);
    opt.update();
    // Chainer: w.update() runs for '/x/w' and again for '/y/w': 1 - 0.25 - 0.25
    assertClose(w.array, [0.5]);
    assert.is(w.updateRule!.t, 2);
    assert.is(opt.t, 1);
    // momentum state is shared too: v = -0.25, then 0.9 (-0.25) - 0.25 = -0.475
    const m = new optimizers.MomentumSGD({ lr: 1 }).setup(t);
    w.array = array([1]);
    w.grad = array([0.25]);
    m.update();
    assertClose(w.array, [1 - 0.25 - 0.475]);
  });

  test('newEpoch counts epochs; updater-driven epochs are guarded', () => {
    const opt = new optimizers.SGD().setup(new Two());
    opt.newEpoch();
    opt.newEpoch();
    assert.is(opt.epoch, 2);
    assertThrows(() => opt.newEpoch({ auto: true }), 'newEpoch', 'useAutoNewEpoch');
    opt.useAutoNewEpoch = true;
    opt.newEpoch({ auto: true });
    assert.is(opt.epoch, 3);
    assertThrows(() => opt.newEpoch(), 'newEpoch');
  });

  test('serialize: t, epoch and each rule\'s t and state under the parameter path', () => {
    const m = new Two();
    const opt = new optimizers.Adam({ alpha: 0.1 }).setup(m);
    for (let i = 0; i < 3; i++) {
      setGrads(m, [1, -i], [[i, 1], [0.5, -1]]);
      opt.update();
    }
    opt.newEpoch();
    const store = new Map<string, SerialValue>();
    opt.serialize(new MemorySerializer(store, false));
    assert.equal([...store.keys()].sort(), ['a/m', 'a/t', 'a/v', 'b/m', 'b/t', 'b/v', 'epoch', 't']);
    assert.is(store.get('t'), 3);
    assert.is(store.get('a/t'), 3);

    // A fresh optimizer loads the state and continues exactly like the original.
    const m2 = new Two();
    m2.copyparams(m);
    const opt2 = new optimizers.Adam({ alpha: 0.1 }).setup(m2);
    opt2.serialize(new MemorySerializer(store, true));
    assert.is(opt2.t, 3);
    assert.is(opt2.epoch, 1);
    assert.is(m2.a.updateRule!.t, 3);
    setGrads(m, [0.5, 0.5], [[1, 1], [1, 1]]);
    setGrads(m2, [0.5, 0.5], [[1, 1], [1, 1]]);
    opt.update();
    opt2.update();
    assertClose(m2.a.array, m.a.array, { atol: 0 });
    assertClose(m2.b.array, m.b.array, { atol: 0 });
    // amsgrad stores vhat too.
    const o3 = new optimizers.Adam({ amsgrad: true }).setup(new Two());
    setGrads(o3.target as Two, [1, 1], [[1, 1], [1, 1]]);
    o3.update();
    const s3 = new Map<string, SerialValue>();
    o3.serialize(new MemorySerializer(s3, false));
    assert.ok(s3.has('a/vhat'));
  });

  test('loading: a disabled rule may lack its state in the file; an enabled one may not', () => {
    const store = new Map<string, SerialValue>([['t', 4], ['epoch', 1], ['a/t', 4], ['b/t', 4]]);
    const m = new Two();
    const opt = new optimizers.MomentumSGD().setup(m);
    m.disableUpdate();
    opt.serialize(new MemorySerializer(store, true));
    assert.is(m.a.updateRule!.t, 4);
    assert.is(m.a.updateRule!.state, null);
    m.enableUpdate();
    const opt2 = new optimizers.MomentumSGD().setup(new Two());
    assertThrows(() => opt2.serialize(new MemorySerializer(store, true)), "'a/v'");
  });

  test('state names are Chainer\'s npz keys', () => {
    const names = (opt: optimizers.GradientMethod) => {
      const m = new Two();
      opt.setup(m);
      setGrads(m, [1, 1], [[1, 1], [1, 1]]);
      opt.update();
      return Object.keys(m.a.updateRule!.state!).sort();
    };
    assert.equal(names(new optimizers.SGD()), []);
    assert.equal(names(new optimizers.MomentumSGD()), ['v']);
    assert.equal(names(new optimizers.NesterovAG()), ['v']);
    assert.equal(names(new optimizers.Adam()), ['m', 'v']);
    assert.equal(names(new optimizers.AMSGrad()), ['m', 'v', 'vhat']);
    assert.equal(names(new optimizers.AdaGrad()), ['h']);
    assert.equal(names(new optimizers.AdaDelta()), ['msdx', 'msg']);
    assert.equal(names(new optimizers.RMSprop()), ['ms']);
  });

  test('a parameter initialized after setup is updated once it has data', () => {
    const link = new Link();
    const w = link.addParam('w', null, { initializer: 1 });
    const opt = new optimizers.SGD({ lr: 0.5 }).setup(link);
    opt.update();
    assert.not.ok(w.isInitialized);
    w.initialize([2]);
    w.grad = array([1, 2]);
    opt.update();
    assertClose(w.array, [0.5, 0]);
  });

  test('the fused kernel validates its operands', () => {
    const link = new Link();
    const w = link.addParam('w', [2], { initializer: 1 });
    const opt = new optimizers.MomentumSGD().setup(link);
    // The gradient setters check the shape (as Chainer's); replacing the data does not.
    assertThrows(() => { w.gradVar = new Variable(array([1, 2, 3])); }, 'gradVar', 'shape');
    w.grad = array([1, 2]);
    w.array = array([1, 2, 3]);
    assertThrows(() => opt.update(), 'momentumSgd', 'grad', 'shape');
  });
});
