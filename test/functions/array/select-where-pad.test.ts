import { F, Variable, array, exportOnnx, gradientCheck, ops, zeros, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { positions, product } from '../../array/index-reference';
import type { FunctionPadMode, FunctionPadOptions } from '../../../src/functions/array/pad';
import type { PadWidth } from '../../../src/array/ops/pad';

function data(shape: number[], seed: number): NDArray {
  return array(randomValues(product(shape), seed, -2, 2), { shape });
}

function ints(values: number[] | number[][]): NDArray {
  return array(values, { dtype: 'int32' });
}

function at(x: NDArray, p: number[]): number {
  let f = 0;
  p.forEach((v, i) => { f = f * x.shape[i] + v; });
  return x.dataSync()[f];
}

describeBackends('F.selectItem', (test) => {
  test('y[i] = x[i, t[i]] (Chainer example) and its gradient', () => {
    assertClose(F.selectItem(array([[0, 1, 2], [3, 4, 5]]), ints([0, 2])), [0, 5]);
    const x = data([4, 5], 1);
    const t = ints([4, 0, 2, 4]);
    const y = F.selectItem(new Variable(x), t);
    assert.is(y.creator!.label, 'SelectItem');
    assertClose(y, [at(x, [0, 4]), at(x, [1, 0]), at(x, [2, 2]), at(x, [3, 4])]);
    gradientCheck.checkBackward((v) => F.selectItem(v, t), [x]);
    gradientCheck.checkDoubleBackward((v) => F.selectItem(v, t).mul(F.selectItem(v, t)), [x], [data([4], 2)]);
    const v = new Variable(x);
    F.selectItem(v, t).sum().backward();
    assertClose(v.grad!, [[0, 0, 0, 0, 1], [1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 1]]);
  });

  test('labels out of [0, n) and bad shapes are errors naming selectItem', () => {
    const x = data([2, 3], 3);
    assertThrows(() => F.selectItem(x, ints([0, 3])), 'selectItem', 'index 3', 't[1]', 'axis 1', 'size 3');
    // A negative label is not "from the end": Chainer requires 0 <= t < n.
    assertThrows(() => F.selectItem(x, ints([-1, 0])), 'selectItem', 'index -1', 't[0]');
    assertThrows(() => F.selectItem(x, ints([0, 1, 2])), 'selectItem', 't', '(2,)');
    assertThrows(() => F.selectItem(x, array([0, 1])), 'selectItem', 'int32');
    assertThrows(() => F.selectItem(data([2, 3, 1], 4), ints([0, 1])), 'selectItem', '2-dimensional');
  });
});

describeBackends('F.where', (test) => {
  test('chooses by an int32 mask; gradients go to x where true, y elsewhere', () => {
    const c = ints([[1, 0, 1], [0, 0, 1]]);
    const x = data([2, 3], 5), y = data([2, 3], 6);
    const z = F.where(c, new Variable(x), new Variable(y));
    assert.is(z.creator!.label, 'Where');
    assertClose(z, [...positions([2, 3])].map((p) => (at(c, p) ? at(x, p) : at(y, p))), { checkShape: false });
    gradientCheck.checkBackward((a, b) => F.where(c, a, b), [x, y]);
    gradientCheck.checkDoubleBackward((a, b) => F.where(c, a.mul(a), b.mul(b)), [x, y], [data([2, 3], 7)]);
    const xv = new Variable(x), yv = new Variable(y);
    F.where(c, xv, yv).sum().backward();
    assertClose(xv.grad!, [[1, 0, 1], [0, 0, 1]]);
    assertClose(yv.grad!, [[0, 1, 0], [1, 1, 0]]);
  });

  test('broadcasting and number operands; gradients summed to each shape', () => {
    const c = ints([[1], [0]]);
    const x = data([3], 8), y = data([2, 1], 9);
    const z = F.where(c, x, y);
    assert.equal([...z.shape], [2, 3]);
    assertClose(z, [...positions([2, 3])].map(([i, j]) => (i === 0 ? at(x, [j]) : at(y, [i, 0]))), { checkShape: false });
    gradientCheck.checkBackward((a, b) => F.where(c, a, b), [x, y]);
    assertClose(F.where(ints([1, 0, 1]), data([3], 10), 0), [at(data([3], 10), [0]), 0, at(data([3], 10), [2])]);
    gradientCheck.checkBackward((a) => F.where(ints([0, 1]), -1, a), [data([2], 11)]);
  });

  test('errors: float condition, mismatched dtypes, incompatible shapes', () => {
    assertThrows(() => F.where(array([1, 0]), zeros([2]), zeros([2])), 'where', 'condition', 'int32');
    assertThrows(() => F.where(ints([1, 0]), zeros([2]), zeros([2], { dtype: 'int32' })), 'where', 'dtype');
    assertThrows(() => F.where(ints([1, 0]), zeros([3]), zeros([3])), 'where', '(2,)', '(3,)');
  });
});

describeBackends('F.pad', (test, backendName) => {
  test('constant padding: values, node name and gradient (the interior)', () => {
    const x = data([2, 3], 12);
    const y = F.pad(new Variable(x), [[1, 2], [0, 1]], 'constant', { constantValues: 5 });
    assert.is(y.creator!.label, 'Pad');
    assert.equal([...y.shape], [5, 4]);
    assertClose(y, [...positions([5, 4])].map(([i, j]) => (i >= 1 && i < 3 && j < 3 ? at(x, [i - 1, j]) : 5)), { checkShape: false });
    gradientCheck.checkBackward((v) => F.pad(v, [[1, 2], [0, 1]], 'constant'), [x]);
    gradientCheck.checkBackward((v) => F.pad(v, 2), [data([3], 13)]);
    gradientCheck.checkDoubleBackward((v) => F.pad(v.mul(v), 1), [x], [data([4, 5], 14)]);
  });

  test('edge, reflect, symmetric and wrap: exact gradients that add every copy back', () => {
    const x = data([3, 4], 15);
    for (const mode of ['edge', 'reflect', 'symmetric', 'wrap'] as const) {
      const y = F.pad(x, [[2, 1], [3, 5]], mode);
      assert.equal([...y.shape], [6, 12]);
      gradientCheck.checkBackward((v) => F.pad(v, [[2, 1], [3, 5]], mode), [x]);
      gradientCheck.checkDoubleBackward((v) => F.pad(v.mul(v), 1, mode), [x], [data([5, 6], 16)]);
    }
    // The edge element is copied three times on the left: its gradient counts them.
    const v = new Variable(array([1, 2, 3]));
    F.pad(v, [3, 0], 'edge').sum().backward();
    assertClose(v.grad!, [4, 1, 1]);
    assertClose(F.pad(array([1, 2, 3]), [2, 2], 'reflect'), ops.pad(array([1, 2, 3]), [2, 2], 'reflect'));
    assertClose(F.pad(array([1, 2, 3]), [2, 2], 'reflect'), [3, 2, 1, 2, 3, 2, 1]);
  });

  test('maximum, minimum, mean, median and linear_ramp as numpy.pad (which Chainer\'s Pad calls), axis after axis', () => {
    // Chainer 7.8.1's F.pad on numpy 1.24. numpy pads axis 0 first, then takes axis 1's
    // statistics across the rows axis 0 added, so the corners come from padded values.
    const x = array([0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 1.100000023841858, 0.4000000059604645, -0.6000000238418579, 3.0999999046325684, -2.5, 1.899999976158142, 0.05000000074505806, -0.800000011920929], { shape: [3, 4] });
    const cases: [FunctionPadMode, PadWidth, FunctionPadOptions, number[], number[]][] = [
      ['maximum', [[1, 2], [2, 1]], {}, [6, 7],
        [3.0999999046325684, 3.0999999046325684, 1.100000023841858, 1.899999976158142, 2.200000047683716, 3.0999999046325684, 3.0999999046325684, 2.200000047683716, 2.200000047683716, 0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 2.200000047683716, 3.0999999046325684, 3.0999999046325684, 1.100000023841858, 0.4000000059604645, -0.6000000238418579, 3.0999999046325684, 3.0999999046325684, 1.899999976158142, 1.899999976158142, -2.5, 1.899999976158142, 0.05000000074505806, -0.800000011920929, 1.899999976158142, 3.0999999046325684, 3.0999999046325684, 1.100000023841858, 1.899999976158142, 2.200000047683716, 3.0999999046325684, 3.0999999046325684, 3.0999999046325684, 3.0999999046325684, 1.100000023841858, 1.899999976158142, 2.200000047683716, 3.0999999046325684, 3.0999999046325684]],
      ['minimum', [[2, 0], [1, 1]], { statLength: 2 }, [5, 6],
        [-1.7000000476837158, 0.30000001192092896, -1.7000000476837158, -0.6000000238418579, 0.8999999761581421, -0.6000000238418579, -1.7000000476837158, 0.30000001192092896, -1.7000000476837158, -0.6000000238418579, 0.8999999761581421, -0.6000000238418579, -1.7000000476837158, 0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 0.8999999761581421, 0.4000000059604645, 1.100000023841858, 0.4000000059604645, -0.6000000238418579, 3.0999999046325684, -0.6000000238418579, -2.5, -2.5, 1.899999976158142, 0.05000000074505806, -0.800000011920929, -0.800000011920929]],
      ['mean', [[1, 1], [2, 3]], { statLength: [[1, 2], [3, 2]] }, [5, 9],
        [0.2666666507720947, 0.2666666507720947, 0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 1.5499999523162842, 1.5499999523162842, 1.5499999523162842, 0.2666666507720947, 0.2666666507720947, 0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 1.5499999523162842, 1.5499999523162842, 1.5499999523162842, 0.29999998211860657, 0.29999998211860657, 1.100000023841858, 0.4000000059604645, -0.6000000238418579, 3.0999999046325684, 1.25, 1.25, 1.25, -0.18333333730697632, -0.18333333730697632, -2.5, 1.899999976158142, 0.05000000074505806, -0.800000011920929, -0.375, -0.375, -0.375, 0.05833332613110542, 0.05833332613110542, -0.699999988079071, 1.149999976158142, -0.2750000059604645, 1.149999976158142, 0.4375, 0.4375, 0.4375]],
      ['mean', 2, {}, [7, 8],
        [0.36250001192092896, 0.36250001192092896, -0.36666664481163025, 0.19999997317790985, 0.550000011920929, 1.0666667222976685, 0.36250001192092896, 0.36250001192092896, 0.36250001192092896, 0.36250001192092896, -0.36666664481163025, 0.19999997317790985, 0.550000011920929, 1.0666667222976685, 0.36250001192092896, 0.36250001192092896, 0.42499998211860657, 0.42499998211860657, 0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 0.42499998211860657, 0.42499998211860657, 1.0, 1.0, 1.100000023841858, 0.4000000059604645, -0.6000000238418579, 3.0999999046325684, 1.0, 1.0, -0.3375000059604645, -0.3375000059604645, -2.5, 1.899999976158142, 0.05000000074505806, -0.800000011920929, -0.3375000059604645, -0.3375000059604645, 0.36250001192092896, 0.36250001192092896, -0.36666664481163025, 0.19999997317790985, 0.550000011920929, 1.0666667222976685, 0.36250001192092896, 0.36250001192092896, 0.36250001192092896, 0.36250001192092896, -0.36666664481163025, 0.19999997317790985, 0.550000011920929, 1.0666667222976685, 0.36250001192092896, 0.36250001192092896]],
      ['median', [[2, 1], [1, 2]], {}, [6, 7],
        [0.3500000238418579, 0.30000001192092896, 0.4000000059604645, 0.05000000074505806, 0.8999999761581421, 0.3500000238418579, 0.3500000238418579, 0.3500000238418579, 0.30000001192092896, 0.4000000059604645, 0.05000000074505806, 0.8999999761581421, 0.3500000238418579, 0.3500000238418579, 0.6000000238418579, 0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 0.6000000238418579, 0.6000000238418579, 0.75, 1.100000023841858, 0.4000000059604645, -0.6000000238418579, 3.0999999046325684, 0.75, 0.75, -0.375, -2.5, 1.899999976158142, 0.05000000074505806, -0.800000011920929, -0.375, -0.375, 0.3500000238418579, 0.30000001192092896, 0.4000000059604645, 0.05000000074505806, 0.8999999761581421, 0.3500000238418579, 0.3500000238418579]],
      ['median', [[1, 1], [1, 1]], { statLength: [[2, 3], [2, 3]] }, [5, 6],
        [0.025000005960464478, 0.7000000476837158, -0.6500000357627869, 0.800000011920929, 2.0, 0.800000011920929, -0.7000000476837158, 0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 0.8999999761581421, 0.75, 1.100000023841858, 0.4000000059604645, -0.6000000238418579, 3.0999999046325684, 0.4000000059604645, -0.30000001192092896, -2.5, 1.899999976158142, 0.05000000074505806, -0.800000011920929, 0.05000000074505806, 0.3500000238418579, 0.30000001192092896, 0.4000000059604645, 0.05000000074505806, 0.8999999761581421, 0.4000000059604645]],
      ['linear_ramp', [[2, 1], [3, 2]], { endValues: [[1, -2], [0.5, 3]] }, [6, 9],
        [0.5, 0.6666666865348816, 0.8333333730697632, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 0.5, 0.550000011920929, 0.5999999642372131, 0.6499999761581421, -0.3500000238418579, 1.600000023841858, 0.949999988079071, 1.975000023841858, 3.0, 0.5, 0.4333333373069763, 0.36666667461395264, 0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 1.9500000476837158, 3.0, 0.5, 0.699999988079071, 0.8999999761581421, 1.100000023841858, 0.4000000059604645, -0.6000000238418579, 3.0999999046325684, 3.049999952316284, 3.0, 0.5, -0.5, -1.5, -2.5, 1.899999976158142, 0.05000000074505806, -0.800000011920929, 1.100000023841858, 3.0, 0.5, -0.3333333134651184, -1.1666666269302368, -2.0, -2.0, -2.0, -2.0, 0.5, 3.0]],
      ['linear_ramp', [[1, 2], [2, 0]], {}, [6, 6],
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.15000000596046448, 0.30000001192092896, -1.7000000476837158, 2.200000047683716, 0.8999999761581421, 0.0, 0.550000011920929, 1.100000023841858, 0.4000000059604645, -0.6000000238418579, 3.0999999046325684, 0.0, -1.25, -2.5, 1.899999976158142, 0.05000000074505806, -0.800000011920929, 0.0, -0.625, -1.25, 0.949999988079071, 0.02500000037252903, -0.4000000059604645, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]],
    ];
    const oneD = [[[3, 2], { endValues: [0.1, -0.2] }, [0.10000000149011612, 0.29999998211860657, 0.5, 0.699999988079071, -1.2999999523162842, 2.9000000953674316, 1.350000023841858, -0.20000000298023224]], [[4, 3], {}, [0.0, 0.17499999701976776, 0.3499999940395355, 0.5249999761581421, 0.699999988079071, -1.2999999523162842, 2.9000000953674316, 1.933333396911621, 0.9666666984558105, 0.0]]] as const;
    const zeroStep = [0.0, 0.0, 0.0, 0.0, 1.5, 0.0, 0.6666666865348816, 1.3333333730697632, 2.0, 0.0];
    const exact = backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-7, rtol: 1e-6 };
    for (const [mode, width, options, shape, want] of cases) {
      const y = F.pad(x, width, mode, options);
      assert.equal([...y.shape], shape, `${mode} ${JSON.stringify(width)}`);
      assertClose(y, want, { ...exact, checkShape: false });
      gradientCheck.checkBackward((v) => F.pad(v, width, mode, options), [x]);
    }
    // A 1-d x: numpy 1.x computes the ramp of a 0-d edge in float64 and rounds once.
    const v = array([0.7, -1.3, 2.9]);
    for (const [width, options, want] of oneD) assertClose(F.pad(v, [...width], 'linear_ramp', options), [...want], { atol: 0, rtol: 0 });
    // A step of 0 anywhere (the first row's edge is its end value) switches numpy to
    // (i / width) (edge - end) for every row.
    assertClose(F.pad(array([[0, 1.5], [2, 0]]), [[0, 0], [3, 0]], 'linear_ramp'), zeroStep, { atol: 0, rtol: 0, checkShape: false });
    // the median of a group holding NaN is NaN; maximum and minimum propagate it too
    assertClose(F.pad(array([[1, NaN, 3], [4, 5, 6]]), [[0, 0], [1, 0]], 'median'), [[NaN, 1, NaN, 3], [5, 4, 5, 6]], { atol: 0, rtol: 0 });
    for (const mode of ['maximum', 'minimum', 'mean', 'median', 'linear_ramp'] as const) {
      gradientCheck.checkDoubleBackward((u) => F.pad(u.mul(u), [[1, 0], [2, 1]], mode), [x], [data([4, 7], 18)]);
    }
    // The maximum's gradient goes to the element it copies, once per copy and once for itself.
    const w = new Variable(array([1, 3, 2]));
    F.pad(w, [2, 1], 'maximum').sum().backward();
    assertClose(w.grad!, [1, 4, 1]);
  });

  test('exportOnnx refuses the pads computed from the values on the host (median, a 1-d linear_ramp)', () => {
    // Their graph would keep the example's median positions or ramp values for every input.
    const x = new Variable(data([2, 3], 23));
    assertThrows(() => exportOnnx((v: Variable) => F.pad(v, 1, 'median'), [x]), 'exportOnnx', 'pad (median)');
    assertThrows(() => exportOnnx((v: Variable) => F.pad(v, [2, 1], 'linear_ramp'), [new Variable(array([0.5, -1, 2]))]), 'exportOnnx', 'pad (linear_ramp)');
    assert.ok(exportOnnx((v: Variable) => F.pad(v, 1, 'maximum'), [x]).length > 0);
    assert.ok(exportOnnx((v: Variable) => F.pad(v, 1, 'linear_ramp'), [x]).length > 0);
    // the mark is the identity: values and gradients pass through
    const m = new Variable(array([[1, 5, 3], [4, 2, 6]]));
    const y = F.pad(m, [[0, 0], [1, 1]], 'median');
    assertClose(y, [[3, 1, 5, 3, 3], [4, 4, 2, 6, 4]], { atol: 0, rtol: 0 });
    y.grad = array([[1, 1, 1, 1, 2], [1, 1, 1, 1, 1]]);
    y.backward();
    assertClose(m.grad!, [[1, 1, 4], [3, 1, 1]], { atol: 0, rtol: 0 });
  });

  test('reflect and symmetric wider than the axis mirror what is filled so far, as numpy.pad', () => {
    // numpy 1.24 (Chainer 7.8.1's F.pad): each round mirrors the extent filled so far, at most
    // the width left on each side, so unequal sides are not periodic: reflect (8, 1) of 0 1 2
    // starts 2 1 2 1 where a period of 4 gives 0 1 2 1.
    const want: [number, [number, number], 'reflect' | 'symmetric', number[]][] = [
      [3, [8, 1], 'reflect', [2, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1]],
      [3, [1, 8], 'reflect', [1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 0]],
      [2, [1, 8], 'symmetric', [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0]],
      [4, [8, 7], 'reflect', [2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2]],
      [4, [8, 7], 'symmetric', [0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2]],
    ];
    for (const [n, width, mode, values] of want) {
      const x = array(Array.from({ length: n }, (_, k) => k));
      assertClose(F.pad(x, width, mode), values, { atol: 0, rtol: 0 });
      assertClose(ops.pad(x, width, mode), values, { atol: 0, rtol: 0 });
    }
    // each copy's gradient goes back to its source
    const v = new Variable(array([0.5, -1, 2]));
    const y = F.pad(v, [8, 1], 'reflect');
    y.grad = array(Array.from({ length: 12 }, (_, k) => k + 1));
    y.backward();
    assertClose(v.grad!, [5 + 9, 2 + 4 + 6 + 8 + 10 + 12, 1 + 3 + 7 + 11], { atol: 0, rtol: 0 });
    gradientCheck.checkBackward((u) => F.pad(u, [[5, 1], [1, 6]], 'symmetric'), [data([2, 3], 19)]);
  });

  test('reflectType \'odd\' takes 2 edge - value, round after round about the outermost value, as numpy.pad', () => {
    // numpy 1.24 (Chainer 7.8.1's F.pad with reflect_type='odd')
    const y = array([0.5, -1.25, 2]);
    assertClose(F.pad(y, [5, 2], 'reflect', { reflectType: 'odd' }), [-0.75, -2.5, -4.25, -1, 2.25, 0.5, -1.25, 2, 5.25, 3.5], { atol: 0, rtol: 0 });
    assertClose(F.pad(y, [2, 6], 'symmetric', { reflectType: 'odd' }), [2.25, 0.5, 0.5, -1.25, 2, 2, 5.25, 3.5, 3.5, 1.75, 5], { atol: 0, rtol: 0 });
    const z = array([[0.5, -1.25, 2], [1.5, 0.25, -3]]);
    assertClose(F.pad(z, [[3, 1], [2, 4]], 'reflect', { reflectType: 'odd' }), [
      [-22, 0.75, -2.5, -5.75, 17, 39.75, 36.5, 33.25, 56], [-15, 1.25, -1.5, -4.25, 12, 28.25, 25.5, 22.75, 39],
      [-8, 1.75, -0.5, -2.75, 7, 16.75, 14.5, 12.25, 22], [-1, 2.25, 0.5, -1.25, 2, 5.25, 3.5, 1.75, 5],
      [6, 2.75, 1.5, 0.25, -3, -6.25, -7.5, -8.75, -12], [13, 3.25, 2.5, 1.75, -8, -17.75, -18.5, -19.25, -29]], { atol: 0, rtol: 0 });
    // a length-1 axis repeats its value
    assertClose(F.pad(array([[0.7]]), [[2, 1], [1, 0]], 'reflect', { reflectType: 'odd' }), new Array(8).fill(Math.fround(0.7)), { atol: 0, rtol: 0, checkShape: false });
    assertClose(F.pad(y, [2, 1], 'reflect', { reflectType: 'even' }), F.pad(y, [2, 1], 'reflect'), { atol: 0, rtol: 0 });
    gradientCheck.checkBackward((u) => F.pad(u, [[3, 1], [2, 4]], 'reflect', { reflectType: 'odd' }), [data([2, 3], 20)]);
    gradientCheck.checkDoubleBackward((u) => F.pad(u.mul(u), [[1, 2], [4, 0]], 'symmetric', { reflectType: 'odd' }), [data([2, 3], 21)], [data([5, 7], 22)]);
    assertThrows(() => F.pad(y, 1, 'reflect', { reflectType: 'odd ' as 'odd' }), 'pad', 'reflectType');
    assertThrows(() => F.pad(y, 1, 'edge', { reflectType: 'odd' }), 'pad', 'reflectType', "'edge'");
  });

  test('errors name pad and the argument', () => {
    const x = data([2, 3], 17);
    assertThrows(() => F.pad(x, [[1, 1], [1, 1], [1, 1]]), 'pad', 'padWidth');
    assertThrows(() => F.pad(x, -1), 'pad', 'non-negative');
    assertThrows(() => F.pad(x, 1, 'empty' as 'edge'), 'pad', "mode 'empty'");
    // numpy's keywords by mode: 'unsupported keyword arguments for mode'
    assertThrows(() => F.pad(x, 1, 'edge', { constantValues: 1 }), 'pad', 'constantValues', "'edge'");
    assertThrows(() => F.pad(x, 1, 'mean', { endValues: 1 }), 'pad', 'endValues', "'mean'");
    assertThrows(() => F.pad(x, 1, 'maximum', { statLength: [1, 0] }), 'pad', 'statLength', 'maximum');
    assertThrows(() => F.pad(x, 0, 'minimum', { statLength: 0 }), 'pad', 'statLength', 'minimum');
    assertThrows(() => F.pad(x, 1, 'mean', { statLength: -1 }), 'pad', 'statLength');
    assertThrows(() => F.pad(zeros([0, 2]), 1, 'median'), 'pad', 'empty axis 0');
    assertThrows(() => F.pad(ints([1, 2]), 1), 'pad', 'float32');
  });
});
