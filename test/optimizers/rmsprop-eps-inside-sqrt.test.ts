// RMSprop with epsInsideSqrt (Chainer's eps_inside_sqrt=True): p -= lr g / sqrt(ms + eps).
// Checked against Chainer's rule written out in float64 and, bit for bit, in float32.
import { Link, Parameter, array, ops, optimizers } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';
import * as ref from './reference';

class One extends Link {
  w = new Parameter(array([0.5, -1.25, 2, 0.125, -0.75, 3, -2.5]));
}

const gradAt = (t: number) => Array.from(randomValues(7, 300 + t, -2, 2));

/** Chainer's RMSprop.update_core_cpu in float64. */
function chainerRmsprop64(lr: number, alpha: number, eps: number, epsInsideSqrt: boolean) {
  let ms: number[] | null = null;
  return (p: number[], g: number[]) => {
    ms = (ms ?? g.map(() => 0)).map((m, i) => alpha * m + (1 - alpha) * g[i] * g[i]);
    return p.map((x, i) => x - lr * g[i] / (epsInsideSqrt ? Math.sqrt(ms![i] + eps) : Math.sqrt(ms![i]) + eps));
  };
}

describeBackends('RMSprop epsInsideSqrt', (test) => {
  // A large eps makes the two placements differ well beyond float32 rounding.
  const hp = { lr: 0.05, alpha: 0.9, eps: 0.25 };
  for (const inside of [true, false]) {
    test(`epsInsideSqrt ${inside}: several steps against Chainer's rule`, () => {
      const link = new One();
      const opt = new optimizers.RMSprop({ ...hp, epsInsideSqrt: inside });
      opt.setup(link);
      let p64 = Array.from(link.w.array.toTypedArray());
      let p32 = p64.slice();
      const rule64 = chainerRmsprop64(hp.lr, hp.alpha, hp.eps, inside);
      const rule32 = ref.rmsprop(hp.lr, hp.alpha, hp.eps, inside);
      const state: ref.State = {};
      for (let t = 1; t <= 6; t++) {
        const g = gradAt(t);
        link.w.grad = array(g);
        opt.update();
        p64 = rule64(p64, g);
        p32 = rule32(p32, g, t, state);
        assertClose(link.w.array, p64, { atol: 1e-6, rtol: 1e-5 });
        assertClose(link.w.array, p32, { atol: 0, rtol: 0 });
      }
    });
  }

  test('the two placements give different steps', () => {
    const step = (inside: boolean) => {
      const link = new One();
      const opt = new optimizers.RMSprop({ ...hp, epsInsideSqrt: inside });
      opt.setup(link);
      link.w.grad = array(gradAt(1));
      opt.update();
      return Array.from(link.w.array.toTypedArray());
    };
    const a = step(true), b = step(false);
    assert.ok(a.some((v, i) => Math.abs(v - b[i]) > 1e-3), 'eps inside and outside the root must differ');
  });

  test('the flag is a hyperparameter: default false, settable on the optimizer', () => {
    const opt = new optimizers.RMSprop();
    assert.is(opt.epsInsideSqrt, false);
    opt.epsInsideSqrt = true;
    assert.is(opt.hyperparam.epsInsideSqrt, true);
  });

  test('the fused kernel directly', () => {
    const p = [0.5, -1, 2, 0.25, -3], g = [0.3, -0.7, 1.5, 0, 2];
    const out = ops.optimizerUpdate('rmspropEpsInsideSqrt', array(p), array(g), [array([0.1, 0.2, 0.3, 0.4, 0.5])],
      [hp.alpha, 1 - hp.alpha, hp.lr, hp.eps]);
    const ms = [0.1, 0.2, 0.3, 0.4, 0.5].map((m, i) => hp.alpha * m + (1 - hp.alpha) * g[i] * g[i]);
    assertClose(out.state[0], ms, { atol: 1e-7, rtol: 1e-6 });
    assertClose(out.param, p.map((x, i) => x - hp.lr * g[i] / Math.sqrt(ms[i] + hp.eps)), { atol: 1e-7, rtol: 1e-6 });
  });

  test('epsInsideSqrt must be a boolean', () => {
    assertThrows(() => new optimizers.RMSprop({ epsInsideSqrt: 1 as unknown as boolean }), 'RMSprop', 'epsInsideSqrt');
  });
});
