import { Link, Parameter, array, optimizers } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';
import * as ref from './reference';

/** A link with one 7-element parameter (not a multiple of the vector width). */
class One extends Link {
  w = new Parameter(array([0.5, -1.25, 2, 0.125, -0.75, 3, -2.5]));
}

/** Gradient of step t: varied signs and magnitudes, one exact zero. */
function gradAt(t: number): number[] {
  return Array.from(randomValues(7, 100 + t, -2, 2)).map((v, i) => (i === 3 && t === 2 ? 0 : v));
}

// The kernels follow numpy's float32 operation order, so the match is exact (checked
// bit for bit against numpy running Chainer's update_core_cpu on the same inputs).
function checkSteps(name: string, opt: optimizers.GradientMethod, rule: ref.Rule, steps = 5): void {
  const link = new One();
  opt.setup(link);
  let expected = Array.from(link.w.array.toTypedArray());
  const state: ref.State = {};
  for (let t = 1; t <= steps; t++) {
    const g = gradAt(t);
    link.w.grad = array(g);
    opt.update();
    expected = rule(expected, g, t, state);
    assertClose(link.w.array, expected, { atol: 0, rtol: 0 });
    assert.is(opt.t, t, `${name}: optimizer t`);
    assert.is(link.w.updateRule!.t, t, `${name}: rule t`);
  }
  // State arrays under Chainer's names (the npz keys) hold the reference state.
  const names = Object.keys(state).sort();
  assert.equal(Object.keys(link.w.updateRule!.state!).sort(), names, `${name}: state names`);
  for (const k of names) assertClose(link.w.updateRule!.state![k], state[k], { atol: 0, rtol: 0 });
}

// Chainer 7.8.1's AdamRule.update_core_cpu run in numpy (float32 arrays, Python floats) for
// five steps from w = [0.5, -1.25, 2, 0.125, -0.75, 3, -2.5] with the gradients of
// chainerAdamGrad: the parameter and the state after the fifth step, as numpy printed them.
const CHAINER_ADAM: [Record<string, number | boolean>, number[], Record<string, number[]>][] = [
    [{}, [0.5009875297546387, -1.2517026662826538, 1.9979323148727417, 0.12741486728191376, -0.7513347864151001, 2.9990556240081787, -2.4981887340545654],
      { m: [-0.0587543249130249, -0.031496405601501465, 0.06613180041313171, -0.21173100173473358, 0.22398489713668823, -0.08538690209388733, 0.00450829416513443], v: [0.005131884478032589, 0.009192397817969322, 0.005218268372118473, 0.006251093465834856, 0.008669605478644371, 0.005244861356914043, 0.007558245211839676] }],
    [{ alpha: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-3, eta: 0.5, weightDecayRate: 0.1 }, [0.3905799388885498, -0.9735758304595947, 1.5394556522369385, 0.10695718228816986, -0.5860300064086914, 2.320371150970459, -1.9282959699630737],
      { m: [-0.12098561227321625, -0.1314047873020172, 0.10432960838079453, -0.3717920184135437, 0.43383675813674927, -0.1444287896156311, 0.03269761800765991], v: [0.050494737923145294, 0.09026247262954712, 0.051144540309906006, 0.06155497580766678, 0.08526523411273956, 0.05147054046392441, 0.07435693591833115] }],
    [{ alpha: 0.01, amsgrad: true }, [0.5098748803138733, -1.267025113105774, 1.9793236255645752, 0.14914526045322418, -0.7633477449417114, 2.990555763244629, -2.4818849563598633],
      { m: [-0.0587543249130249, -0.031496405601501465, 0.06613180041313171, -0.21173100173473358, 0.22398489713668823, -0.08538690209388733, 0.00450829416513443], v: [0.005131884478032589, 0.009192397817969322, 0.005218268372118473, 0.006251093465834856, 0.008669605478644371, 0.005244861356914043, 0.007558245211839676], vhat: [0.005131884478032589, 0.009192397817969322, 0.005218268372118473, 0.006251093465834856, 0.008669605478644371, 0.005244861356914043, 0.007558245211839676] }],
    [{ alpha: 0.01, adabound: true, finalLr: 0.05, gamma: 0.1 }, [0.5098748803138733, -1.2670257091522217, 1.9793236255645752, 0.1491486132144928, -0.7633477449417114, 3.0000054836273193, -2.4818849563598633],
      { m: [-0.0587543249130249, -0.031496405601501465, 0.06613180041313171, -0.21173100173473358, 0.22398489713668823, -0.08538690209388733, 0.00450829416513443], v: [0.005131884478032589, 0.009192397817969322, 0.005218268372118473, 0.006251093465834856, 0.008669605478644371, 0.005244861356914043, 0.007558245211839676] }],
    [{ alpha: 0.01, amsgrad: true, adabound: true, finalLr: 0.05, gamma: 0.1, weightDecayRate: 0.01 }, [0.48499059677124023, -1.2052366733551025, 1.8819695711135864, 0.14240773022174835, -0.7262260317802429, 2.8531363010406494, -2.3600261211395264],
      { m: [-0.0587543249130249, -0.031496405601501465, 0.06613180041313171, -0.21173100173473358, 0.22398489713668823, -0.08538690209388733, 0.00450829416513443], v: [0.005131884478032589, 0.009192397817969322, 0.005218268372118473, 0.006251093465834856, 0.008669605478644371, 0.005244861356914043, 0.007558245211839676], vhat: [0.005131884478032589, 0.009192397817969322, 0.005218268372118473, 0.006251093465834856, 0.008669605478644371, 0.005244861356914043, 0.007558245211839676] }],
];

function chainerAdamGrad(t: number): number[] {
  return Array.from({ length: 7 }, (_, i) => (t === 2 && i === 3 ? 0 : ((i * 7 + t * 3) % 11 - 5) * 0.37 + 0.01 * t));
}

// Chainer 7.8.1's CorrectedMomentumSGD, RMSpropGraves, SMORMS3 and MSVAG update_core_cpu run in
// numpy for five steps, from the same parameter and gradients as CHAINER_ADAM.
const CHAINER_OTHERS: [string, Record<string, number>, number[], Record<string, number[]>][] = [
    ['CorrectedMomentumSGD', {}, [0.5061210989952087, -1.293346643447876, 1.9705185890197754, 0.18044209480285645, -0.7854135632514954, 3.0191521644592285, -2.473942756652832],
      { v: [0.5875431299209595, 0.31496405601501465, -0.6613179445266724, 2.117309808731079, -2.2398488521575928, 0.8538690805435181, -0.045083045959472656] }],
    ['CorrectedMomentumSGD', { lr: 0.05, momentum: 0.8 }, [0.5265143513679504, -1.4189049005508423, 1.8818296194076538, 0.36820799112319946, -0.9086632132530212, 3.095571279525757, -2.4123024940490723],
      { v: [0.6049280166625977, 0.6570239067077637, -0.5216479301452637, 1.8589599132537842, -2.1691839694976807, 0.7221441268920898, -0.16348803043365479] }],
    ['RMSpropGraves', {}, [0.5006701350212097, -1.2512513399124146, 1.997397780418396, 0.12677699327468872, -0.7512033581733704, 2.9992499351501465, -2.498792886734009],
      { n: [0.2347283959388733, 0.41668498516082764, 0.23358848690986633, 0.28734180331230164, 0.39640873670578003, 0.2363102287054062, 0.34586408734321594], g: [-0.029271917417645454, -0.004999108612537384, 0.038172490894794464, -0.11383034288883209, 0.11479983478784561, -0.04552856832742691, -0.0033490248024463654], delta: [0.00014827423729002476, -6.19306811131537e-05, -0.0004756373236887157, 0.00047869293484836817, -0.00046350923366844654, -4.438497853698209e-05, 7.966650446178392e-05] }],
    ['RMSpropGraves', { lr: 0.01, alpha: 0.9, momentum: 0.5, eps: 0.01 }, [0.5177997946739197, -1.2882479429244995, 1.9248121976852417, 0.1934288889169693, -0.8025302886962891, 2.994941234588623, -2.4730937480926514],
      { n: [0.4276037812232971, 0.7566947340965271, 0.41601258516311646, 0.5271146893501282, 0.726173996925354, 0.42313694953918457, 0.6325807571411133], g: [-0.05875430256128311, -0.03149639070034027, 0.06613178551197052, -0.2117309868335724, 0.22398489713668823, -0.08538690209388733, 0.004508301615715027], delta: [0.008261010982096195, 0.012016477063298225, -0.00968234334141016, 0.018556881695985794, -0.02686627022922039, 0.0015590926632285118, -7.274188101291656e-05] }],
    ['SMORMS3', {}, [0.5005991458892822, -1.2501885890960693, 1.9977896213531494, 0.12723882496356964, -0.7520157098770142, 2.9987106323242188, -2.499784469604492],
      { mem: [4.939805030822754, 5.108987808227539, 4.606943607330322, 4.158495903015137, 4.980436325073242, 4.146694183349609, 4.365530967712402], g: [-0.11705874651670456, -0.08393833041191101, 0.04916008561849594, -0.41503098607063293, 0.37383416295051575, -0.23371484875679016, 0.0943404883146286], g2: [0.9226862192153931, 1.544477105140686, 0.9423877596855164, 1.1450377702713013, 1.484081506729126, 0.9758927822113037, 1.3650156259536743] }],
    ['SMORMS3', { lr: 0.2, eps: 1e-8 }, [0.4653623402118683, -1.6226385831832886, 1.4212340116500854, 0.5949047803878784, -1.1546106338500977, 2.5848424434661865, -2.3479557037353516],
      { mem: [4.939805030822754, 5.108987808227539, 4.606943607330322, 4.158495903015137, 4.980436325073242, 4.146775245666504, 4.365530967712402], g: [-0.11705874651670456, -0.08393833041191101, 0.04916008561849594, -0.41503098607063293, 0.37383416295051575, -0.23371070623397827, 0.0943404883146286], g2: [0.9226862192153931, 1.544477105140686, 0.9423877596855164, 1.1450377702713013, 1.484081506729126, 0.9758785963058472, 1.3650156259536743] }],
    ['MSVAG', {}, [0.5589402914047241, -1.4559657573699951, 1.8878172636032104, 0.300254225730896, -0.9228334426879883, 2.9854819774627686, -2.293257236480713],
      { m: [-0.0587543249130249, -0.031496405601501465, 0.06613180041313171, -0.21173100173473358, 0.22398489713668823, -0.08538690209388733, 0.00450829416513443], v: [0.42760375142097473, 0.7566947340965271, 0.41601258516311646, 0.5271146893501282, 0.726173996925354, 0.42313697934150696, 0.6325807571411133] }],
    ['MSVAG', { lr: 0.05, beta: 0.8, eta: 0.5, weightDecayRate: 0.1 }, [0.39713093638420105, -1.0092976093292236, 1.5232641696929932, 0.134393110871315, -0.6186036467552185, 2.319791316986084, -1.8956842422485352],
      { m: [-0.12098561227321625, -0.1314047873020172, 0.10432960838079453, -0.3717920184135437, 0.43383675813674927, -0.1444287896156311, 0.03269761800765991], v: [0.7033390402793884, 1.2647870779037476, 0.6535932421684265, 0.8848679661750793, 1.2342872619628906, 0.6684300303459167, 1.0617121458053589] }],
];

describeBackends('optimizer update rules, step by step against float32 references', (test) => {
  test('SGD', () => checkSteps('SGD', new optimizers.SGD({ lr: 0.1 }), ref.sgd(0.1)));
  test('SGD default lr 0.01', () => checkSteps('SGD', new optimizers.SGD(), ref.sgd(0.01)));
  test('MomentumSGD', () => checkSteps('MomentumSGD', new optimizers.MomentumSGD({ lr: 0.05, momentum: 0.8 }), ref.momentumSgd(0.05, 0.8)));
  test('MomentumSGD defaults (lr 0.01, momentum 0.9)', () => checkSteps('MomentumSGD', new optimizers.MomentumSGD(), ref.momentumSgd(0.01, 0.9)));
  test('NesterovAG', () => checkSteps('NesterovAG', new optimizers.NesterovAG({ lr: 0.03 }), ref.nesterovAg(0.03, 0.9)));
  test('Adam defaults', () => checkSteps('Adam', new optimizers.Adam(), ref.adam()));
  test('Adam with eta and weight decay rate', () => {
    const o = { alpha: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-3, eta: 0.5, weightDecayRate: 0.1 };
    checkSteps('Adam', new optimizers.Adam(o), ref.adam(o));
  });
  test('Adam amsgrad keeps vhat = max(vhat, v)', () => {
    checkSteps('Adam amsgrad', new optimizers.Adam({ alpha: 0.01, amsgrad: true }), ref.adam({ alpha: 0.01, amsgrad: true }), 6);
  });
  test('AMSGrad and AdamW are Adam variants', () => {
    checkSteps('AMSGrad', new optimizers.AMSGrad({ alpha: 0.02 }), ref.adam({ alpha: 0.02, amsgrad: true }));
    checkSteps('AdamW', new optimizers.AdamW({ alpha: 0.02, weightDecayRate: 0.01 }), ref.adam({ alpha: 0.02, weightDecayRate: 0.01 }));
    assert.is(new optimizers.AdamW().weightDecayRate, 0);
    assert.is(new optimizers.AMSGrad().amsgrad, true);
  });
  test('AdaGrad', () => checkSteps('AdaGrad', new optimizers.AdaGrad({ lr: 0.1 }), ref.adaGrad(0.1)));
  test('AdaDelta', () => checkSteps('AdaDelta', new optimizers.AdaDelta(), ref.adaDelta()));
  test('RMSprop', () => checkSteps('RMSprop', new optimizers.RMSprop({ lr: 0.02, alpha: 0.9, eps: 1e-4 }), ref.rmsprop(0.02, 0.9, 1e-4)));
  test('RMSprop defaults (lr 0.01, alpha 0.99, eps 1e-8)', () => checkSteps('RMSprop', new optimizers.RMSprop(), ref.rmsprop()));

  test('Adam, AMSGrad, AdaBound and AMSBound match Chainer 7.8.1 to the bit (step = alpha_t / (sqrt(v) + eps), then p = (1 - eta wd) p - eta step m)', () => {
    for (const [options, param, state] of CHAINER_ADAM) {
      const link = new One();
      const opt = new optimizers.Adam(options).setup(link);
      for (let t = 1; t <= 5; t++) {
        link.w.grad = array(chainerAdamGrad(t));
        opt.update();
      }
      assertClose(link.w.array, param, { atol: 0, rtol: 0 });
      for (const [k, v] of Object.entries(state)) assertClose(link.w.updateRule!.state![k], v, { atol: 0, rtol: 0 });
    }
  });

  test('AdaBound and AMSBound: Chainer\'s positional order and defaults; the bounds follow alpha', () => {
    checkSteps('AdaBound', new optimizers.AdaBound({ alpha: 0.01, finalLr: 0.02, gamma: 0.5 }), ref.adam({ alpha: 0.01, adabound: true, finalLr: 0.02, gamma: 0.5 }));
    checkSteps('AMSBound', new optimizers.AMSBound({ alpha: 0.01, finalLr: 0.02, gamma: 0.5 }), ref.adam({ alpha: 0.01, amsgrad: true, adabound: true, finalLr: 0.02, gamma: 0.5 }));
    const b = new optimizers.AdaBound(0.002, 0.8, 0.99, 0.3, 0.01, 1e-6, 0.5);
    assert.equal([b.alpha, b.beta1, b.beta2, b.finalLr, b.gamma, b.eps, b.eta, b.adabound, b.amsgrad], [0.002, 0.8, 0.99, 0.3, 0.01, 1e-6, 0.5, true, false]);
    const a = new optimizers.Adam();
    assert.equal([a.adabound, a.finalLr, a.gamma], [false, 0.1, 1e-3]);
    assert.equal([new optimizers.AMSBound().amsgrad, new optimizers.AMSBound().adabound], [true, true]);
    // final_lr * alpha / initial_alpha: halving alpha (as ExponentialShift would) halves the bounds
    const link = new One();
    const opt = new optimizers.AdaBound({ alpha: 0.01, finalLr: 0.1, gamma: 0.1 }).setup(link);
    link.w.grad = array(gradAt(1));
    opt.update();
    const rule = link.w.updateRule as optimizers.AdamRule;
    assertClose(rule.bounds, [0.1 * (1 - 1 / 1.1), 0.1 * (1 + 1 / 0.1)], { rtol: 1e-15, atol: 0 });
    opt.alpha = 0.005;
    assertClose(rule.bounds, [0.05 * (1 - 1 / 1.1), 0.05 * (1 + 1 / 0.1)], { rtol: 1e-15, atol: 0 });
    // the variants take Chainer's arguments only
    assertThrows(() => new optimizers.AMSGrad({ weightDecayRate: 0.1 } as never), "AMSGrad: unknown option 'weightDecayRate'");
    assertThrows(() => new optimizers.AdamW({ amsgrad: true } as never), "AdamW: unknown option 'amsgrad'");
  });

  test('CorrectedMomentumSGD, RMSpropGraves, SMORMS3 and MSVAG match Chainer 7.8.1 to the bit, with its state names and defaults', () => {
    for (const [name, options, param, state] of CHAINER_OTHERS) {
      const link = new One();
      const opt = new (optimizers as unknown as Record<string, new (o: object) => optimizers.GradientMethod>)[name](options).setup(link);
      for (let t = 1; t <= 5; t++) {
        link.w.grad = array(chainerAdamGrad(t));
        opt.update();
      }
      assertClose(link.w.array, param, { atol: 0, rtol: 0 });
      assert.equal(Object.keys(link.w.updateRule!.state!).sort(), Object.keys(state).sort(), name);
      for (const [k, v] of Object.entries(state)) assertClose(link.w.updateRule!.state![k], v, { atol: 0, rtol: 0 });
    }
    const g = new optimizers.RMSpropGraves();
    assert.equal([g.lr, g.alpha, g.momentum, g.eps], [1e-4, 0.95, 0.9, 1e-4]);
    assert.equal([new optimizers.SMORMS3().lr, new optimizers.SMORMS3().eps], [0.001, 1e-16]);
    assert.equal([new optimizers.CorrectedMomentumSGD().lr, new optimizers.CorrectedMomentumSGD().momentum], [0.01, 0.9]);
    assert.is(new optimizers.RMSpropGraves(0.5, 0.8).alpha, 0.8);
    const v = new optimizers.MSVAG();
    assert.equal([v.lr, v.beta, v.eta, v.weightDecayRate], [0.1, 0.9, 1, 0]);
    // MSVAG: where the moments vanish the factor is 0 / 0, which Chainer sets to 0
    const link = new One();
    const before = Array.from(link.w.array.toTypedArray());
    const opt = new optimizers.MSVAG().setup(link);
    link.w.grad = array(new Float32Array(7));
    opt.update();
    assertClose(link.w.array, before, { atol: 0, rtol: 0 });
    assert.is((link.w.updateRule as optimizers.MSVAGRule).betaPower, 0.9 * 0.9);
  });

  test('Adam adds eps to the root of the uncorrected v (Chainer, not PyTorch)', () => {
    // One step with g = 1e-6: m = 1e-7, v = 1e-15, alpha_1 = 0.001 sqrt(0.001) / 0.1.
    // Chainer: alpha_1 m / (sqrt(v) + eps) = 3.16228e-11 / 4.16228e-8 = 7.5975e-4.
    // (PyTorch's mhat / (sqrt(vhat) + eps) would give 9.901e-4.)
    const link = new Link();
    const w = link.addParam('w', [1], { initializer: 0 });
    const opt = new optimizers.Adam().setup(link);
    w.grad = array([1e-6]);
    opt.update();
    assertClose(w.array, [-7.5975e-4], { rtol: 1e-4, atol: 0 });
    assertClose(opt.alphaT, 0.001 * Math.sqrt(0.001) / 0.1, { rtol: 1e-12, atol: 0 });
    assertClose(opt.lr, opt.alphaT, { rtol: 0, atol: 0 });
  });

  test('Adam\'s lr (alpha_t) to the last bit, with math.pow as Chainer 7.8.1 computes it', () => {
    // alpha sqrt(1 - beta2^t) / (1 - beta1^t); Math.pow gave 0.00015468074017146706 at t = 16.
    const opt = new optimizers.Adam().setup(new Link());
    const expected: [number, number][] = [[4, 0.0001837689237449852], [16, 0.00015468074017146758], [32, 0.0001838193067048081]];
    for (const [t, lr] of expected) {
      opt.t = t;
      assert.is(opt.lr, lr);
    }
  });

  test('defaults and hyperparameter names are Chainer\'s', () => {
    const a = new optimizers.Adam();
    assert.equal([a.alpha, a.beta1, a.beta2, a.eps, a.eta, a.weightDecayRate, a.amsgrad], [0.001, 0.9, 0.999, 1e-8, 1, 0, false]);
    assert.is(new optimizers.SGD().lr, 0.01);
    assert.equal([new optimizers.MomentumSGD().lr, new optimizers.MomentumSGD().momentum], [0.01, 0.9]);
    assert.equal([new optimizers.AdaGrad().lr, new optimizers.AdaGrad().eps], [0.001, 1e-8]);
    assert.equal([new optimizers.AdaDelta().rho, new optimizers.AdaDelta().eps], [0.95, 1e-6]);
    assert.equal([new optimizers.RMSprop().lr, new optimizers.RMSprop().alpha, new optimizers.RMSprop().eps], [0.01, 0.99, 1e-8]);
    // A number is the first positional hyperparameter, as SGD(0.1) in Chainer.
    assert.is(new optimizers.SGD(0.1).lr, 0.1);
    assert.is(new optimizers.Adam(0.01).alpha, 0.01);
  });
});
