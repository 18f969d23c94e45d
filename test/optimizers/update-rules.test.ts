import { Link, Parameter, array, optimizers } from '../../src/index';
import { assert, assertClose, describeBackends, randomValues } from '../util';
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
