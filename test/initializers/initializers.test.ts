import { L, Link, NDArray, Parameter, array, initializers, random } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends } from '../util';

function stats(a: NDArray): { mean: number; std: number; min: number; max: number } {
  const d = a.dataSync();
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const v of d) { s += v; s2 += v * v; min = Math.min(min, v); max = Math.max(max, v); }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(s2 / d.length - mean * mean), min, max };
}

/** The draw's standard deviation is within 3% of `std` and its mean near 0. */
function checkNormal(a: NDArray, std: number): void {
  const s = stats(a);
  assert.ok(Math.abs(s.mean) < 0.03 * std, `mean ${s.mean} for std ${std}`);
  assert.ok(Math.abs(s.std / std - 1) < 0.03, `std ${s.std}, expected ${std}`);
}

/** Uniform on [-b, b): std b / sqrt(3), every value inside the bounds. */
function checkUniform(a: NDArray, b: number): void {
  const s = stats(a);
  assert.ok(s.min >= -b && s.max <= b, `range [${s.min}, ${s.max}] outside +-${b}`);
  assert.ok(s.max > 0.98 * b && s.min < -0.98 * b, 'the draw fills the interval');
  assert.ok(Math.abs(s.std / (b / Math.sqrt(3)) - 1) < 0.03, `std ${s.std}, expected ${b / Math.sqrt(3)}`);
}

describeBackends('initializers', (test) => {
  test('fans follow Chainer: fanIn = shape[1] * prod(shape[2:]), fanOut = shape[0] * prod(shape[2:])', () => {
    assert.equal(initializers.getFans([100, 30]), { fanIn: 30, fanOut: 100 });
    assert.equal(initializers.getFans([16, 3, 5, 5]), { fanIn: 75, fanOut: 400 });
    assertThrows(() => initializers.getFans([7]), 'getFans', '(7,)');
  });

  test('normal initializers: std from the fans and the scale', () => {
    random.seed(1);
    const shape = [200, 50, 2, 2]; // fanIn 200, fanOut 800
    checkNormal(new initializers.LeCunNormal().generate(shape), Math.sqrt(1 / 200));
    checkNormal(new initializers.LeCunNormal(2, { fanOption: 'fan_out' }).generate(shape), 2 * Math.sqrt(1 / 800));
    checkNormal(new initializers.GlorotNormal().generate(shape), Math.sqrt(2 / 1000));
    checkNormal(new initializers.HeNormal().generate(shape), Math.sqrt(2 / 200));
    checkNormal(new initializers.HeNormal(1, { fanOption: 'fan_out' }).generate(shape), Math.sqrt(2 / 800));
    checkNormal(new initializers.Normal().generate([40000]), 0.05);
    checkNormal(new initializers.Normal(1.5).generate([40000]), 1.5);
  });

  test('uniform initializers: bounds from the fans and the scale', () => {
    random.seed(2);
    const shape = [200, 50, 2, 2];
    checkUniform(new initializers.LeCunUniform().generate(shape), Math.sqrt(3 / 200));
    checkUniform(new initializers.GlorotUniform().generate(shape), Math.sqrt(6 / 1000));
    checkUniform(new initializers.GlorotUniform(0.5).generate(shape), 0.5 * Math.sqrt(6 / 1000));
    checkUniform(new initializers.HeUniform().generate(shape), Math.sqrt(6 / 200));
    checkUniform(new initializers.Uniform().generate([40000]), 0.05);
  });

  test('fan-based initializers need at least 2 dimensions', () => {
    assertThrows(() => new initializers.LeCunNormal().generate([10]), 'LeCunNormal', '(10,)');
    assertThrows(() => new initializers.GlorotUniform().generate([]), 'GlorotUniform');
  });

  test('the seed makes draws reproducible', () => {
    random.seed(42);
    const a = new initializers.HeNormal().generate([5, 4]).toTypedArray();
    random.seed(42);
    const b = new initializers.HeNormal().generate([5, 4]).toTypedArray();
    assert.equal(Array.from(a), Array.from(b));
    const c = new initializers.HeNormal().generate([5, 4]).toTypedArray();
    assert.not.equal(Array.from(a), Array.from(c));
  });

  test('normal initializers draw scale * normal() per element in order, and leave the generator where those draws would', () => {
    // 1001 elements: an odd count, and enough for the filling loop to be optimized midway
    const g = new random.Generator(7), reference = new random.Generator(7);
    const w = new initializers.LeCunNormal(1, { rng: g }).generate([11, 91]).dataSync();
    const std = Math.sqrt(1 / 91);
    assert.equal(Array.from(w), Array.from({ length: 1001 }, () => Math.fround(std * reference.normal())));
    assert.equal(Array.from(g.getState()), Array.from(reference.getState()));
    const samples = new Float64Array(1001);
    g.fillNormal(samples, -2.5);
    assert.equal(Array.from(samples), Array.from({ length: 1001 }, () => -2.5 * reference.normal()));
    assert.equal(g.random(), reference.random());
    random.seed(3);
    const drawn = random.normal([3, 5], 0.25, 2).dataSync();
    random.seed(3);
    const expected = Array.from({ length: 15 }, () => Math.fround(0.25 + 2 * random.defaultGenerator.normal()));
    assert.equal(Array.from(drawn), expected);
  });

  test('constants: Constant (number or broadcast array), Zero, One, Identity', () => {
    assertClose(new initializers.Constant(2.5).generate([2, 2]), [[2.5, 2.5], [2.5, 2.5]]);
    assertClose(new initializers.Constant(array([1, 2, 3])).generate([2, 3]), [[1, 2, 3], [1, 2, 3]]);
    assertClose(new initializers.Zero().generate([3]), [0, 0, 0]);
    assertClose(new initializers.One().generate([2]), [1, 1]);
    assertClose(new initializers.Identity(2).generate([2, 2]), [[2, 0], [0, 2]]);
    const i = new initializers.Constant(3, { dtype: 'int32' }).generate([2]);
    assert.is(i.dtype, 'int32');
    assertThrows(() => new initializers.Constant(array([1, 2])).generate([3]), 'Constant');
  });

  test("int32: Chainer's dtypes and numpy's float to int32 cast", () => {
    // Chainer 7.8.1: Constant(np.array([1, 2], np.int32)).dtype is None, so it makes float32
    // arrays: L.Linear(2, 2, initialW=int32 array).W is float32 [[1, 2], [3, 4]].
    const c = new initializers.Constant(array([1, 2], { dtype: 'int32' }));
    assert.is(c.dtype, 'float32');
    assert.is(c.generate([2]).dtype, 'float32');
    const W = new L.Linear(2, 2, { initialW: array([[1, 2], [3, 4]], { dtype: 'int32' }) }).W;
    assert.is(W.dtype, 'float32');
    assertClose(W.array, [[1, 2], [3, 4]], { atol: 0 });
    // numpy casts NaN, infinities and out-of-range values to -2**31 and truncates the rest:
    // Constant(v, dtype=int32) for 3e9, -2.7, inf, nan, 2147483647.9 gives
    // -2147483648, -2, -2147483648, -2147483648, 2147483647.
    const ints = [3e9, -2.7, Infinity, NaN, 2147483647.9].map((v) => (new initializers.Constant(v, { dtype: 'int32' }).generate([1]).toArray() as number[])[0]);
    assert.equal(ints, [-2147483648, -2, -2147483648, -2147483648, 2147483647]);
    // So an int32 parameter of the default NaN initializer, and its NaN gradient, hold -2**31.
    const l = new Link();
    const w = l.addParam('w', [2], { dtype: 'int32' });
    assert.equal(w.array.toArray(), [-2147483648, -2147483648]);
    assert.equal(w.grad!.toArray(), [-2147483648, -2147483648]);
    const p = new Parameter(new initializers.Constant(1, { dtype: 'int32' }), [2]);
    assert.equal(p.array.toArray(), [1, 1]);
    assert.equal(p.grad!.toArray(), [-2147483648, -2147483648]);
  });

  test('getInitializer: null gives the default, numbers and arrays give Constant', () => {
    assert.ok(initializers.getInitializer(null, () => new initializers.LeCunNormal()) instanceof initializers.LeCunNormal);
    const c = initializers.getInitializer(0.25, () => new initializers.Zero());
    assertClose(c.generate([2]), [0.25, 0.25]);
    assertThrows(() => initializers.getInitializer('x' as unknown as number, () => new initializers.Zero()), 'initializer', 'string');
  });

  function gram(a: NDArray, rows: boolean): number[][] {
    const [m, n] = [a.shape[0], a.size / a.shape[0]];
    const d = a.dataSync();
    const k = rows ? m : n;
    const out: number[][] = [];
    for (let i = 0; i < k; i++) {
      out.push([]);
      for (let j = 0; j < k; j++) {
        let s = 0;
        if (rows) for (let c = 0; c < n; c++) s += d[i * n + c] * d[j * n + c];
        else for (let r = 0; r < m; r++) s += d[r * n + i] * d[r * n + j];
        out[i].push(s);
      }
    }
    return out;
  }
  const eye = (n: number, s: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? s * s : 0)));

  test('Orthogonal gives orthonormal rows (or columns for tall shapes), times scale 1.1', () => {
    random.seed(3);
    const wide = new initializers.Orthogonal().generate([4, 3, 2, 2]);
    assertClose(gram(wide, true), eye(4, 1.1), { atol: 1e-5 });
    const tall = new initializers.Orthogonal(1).generate([12, 5]);
    assertClose(gram(tall, false), eye(5, 1), { atol: 1e-5 });
    const square = new initializers.Orthogonal(2, { mode: 'basis' }).generate([6, 6]);
    assertClose(gram(square, true), eye(6, 2), { atol: 1e-4 });
    assertThrows(() => new initializers.Orthogonal(1, { mode: 'projection' }).generate([5, 3]), 'Orthogonal', 'projection');
    assertThrows(() => new initializers.Orthogonal(1, { mode: 'embedding' }).generate([3, 5]), 'Orthogonal', 'embedding');
    assertThrows(() => new initializers.Orthogonal().generate([0, 3]), 'Orthogonal', 'non-empty');
    const scalar = new initializers.Orthogonal().generate([]).item();
    assert.ok(Math.abs(Math.abs(scalar) - 1.1) < 1e-6);
  });

  test('the leading hyper-parameter may be given in the options object, as Chainer\'s keyword: Normal(scale=0.02) is new Normal({scale: 0.02})', () => {
    // numpy.random.seed(0), then Chainer 7.8.1 fills (2, 3), (3, 2), (3, 2) arrays
    random.seed(0);
    assertClose(new initializers.Normal({ scale: 0.02 }).generate([2, 3]), [[0.035281047224998474, 0.008003144524991512, 0.019574759528040886], [0.04481786489486694, 0.03735116124153137, -0.019545556977391243]], { atol: 0, rtol: 0 });
    random.seed(0);
    assertClose(new initializers.HeUniform({ scale: 2 }).generate([3, 2]), [[0.33818987011909485, 1.4908757209777832], [0.7119655609130859, 0.3109598159790039], [-0.5289350748062134, 1.0107840299606323]], { atol: 0, rtol: 1e-7 });
    random.seed(0);
    assertClose(new initializers.Orthogonal({ scale: 2, mode: 'embedding' }).generate([3, 2]), [[1.2833645343780518, 0.1221984401345253], [0.7120410203933716, 1.7183833122253418], [1.3586658239364624, -1.015985369682312]], { atol: 1e-6, rtol: 0 });
    // every initializer reads both forms alike
    const shape = [4, 3, 2];
    const pairs: [initializers.Initializer, initializers.Initializer][] = [
      [new initializers.Normal(0.3), new initializers.Normal({ scale: 0.3 })],
      [new initializers.LeCunNormal(2, { fanOption: 'fan_out' }), new initializers.LeCunNormal({ scale: 2, fanOption: 'fan_out' })],
      [new initializers.GlorotNormal(3), new initializers.GlorotNormal({ scale: 3 })],
      [new initializers.HeNormal(0.5, { fanOption: 'fan_out' }), new initializers.HeNormal({ scale: 0.5, fanOption: 'fan_out' })],
      [new initializers.Uniform(0.3), new initializers.Uniform({ scale: 0.3 })],
      [new initializers.LeCunUniform(2), new initializers.LeCunUniform({ scale: 2 })],
      [new initializers.GlorotUniform(3), new initializers.GlorotUniform({ scale: 3 })],
      [new initializers.HeUniform(0.5, { fanOption: 'fan_out' }), new initializers.HeUniform({ scale: 0.5, fanOption: 'fan_out' })],
      [new initializers.Orthogonal(0.7), new initializers.Orthogonal({ scale: 0.7 })],
    ];
    for (const [positional, keyword] of pairs) {
      random.seed(5);
      const a = positional.generate(shape).toTypedArray();
      random.seed(5);
      assert.equal(keyword.generate(shape).toTypedArray(), a, positional.constructor.name);
    }
    assertClose(new initializers.Identity({ scale: 2 }).generate([2, 2]), [[2, 0], [0, 2]]);
    // the defaults stay Chainer's
    assert.equal([new initializers.LeCunNormal().fanOption, new initializers.HeUniform({ fanOption: 'fan_out' }).fanOption], ['fan_in', 'fan_out']);
    assertThrows(() => new initializers.Normal({ fanOption: 'fan_out' } as never), 'Normal', "unknown option 'fanOption'");
    assert.equal([new initializers.Normal({}).scale, new initializers.Uniform().scale, new initializers.HeNormal({ fanOption: 'fan_out' }).scale, new initializers.Orthogonal({ mode: 'auto' }).scale], [0.05, 0.05, 1, 1.1]);
  });

  test('a scale that is not a number is a clear error rather than NaN weights', () => {
    assertThrows(() => new initializers.Normal('0.5' as never), 'Normal', "scale must be a number, got '0.5'");
    assertThrows(() => new initializers.GlorotUniform({ scale: null } as never), 'GlorotUniform', 'scale must be a number');
    assertThrows(() => new initializers.Normal(0.5, { scale: 0.3 }), 'Normal', 'scale is given both positionally and in the options');
    assertThrows(() => new initializers.Orthogonal({ scael: 2 } as never), 'Orthogonal', "unknown option 'scael'");
    // numpy's uniform(-s, s) raises OverflowError for an unbounded interval
    assertThrows(() => new initializers.Uniform(Infinity).generate([3]), 'Uniform', 'the interval must be finite, got scale Infinity');
    // what numpy accepts still works: a zero scale, a negative uniform scale, NaN
    assertClose(new initializers.Normal(0).generate([2]), [0, 0]);
    assert.ok(new initializers.Uniform(-1).generate([50]).dataSync().every((v) => v > -1 && v <= 1));
    assert.ok(new initializers.Normal(Number.NaN).generate([2]).dataSync().every(Number.isNaN));
    // numpy's normal refuses a negative deviation ('scale < 0'), so Chainer's Normal(-0.1) raises
    assertThrows(() => new initializers.Normal(-0.1).generate([2]), 'Normal', 'the deviation must not be negative, got -0.1');
    assertThrows(() => new initializers.HeNormal(-1).generate([2, 2]), 'HeNormal', 'the deviation must not be negative');
  });

  test('Constant takes its value positionally or in the options, as Chainer\'s Constant(fill_value=3)', () => {
    assertClose(new initializers.Constant({ fillValue: 3 }).generate([2]), [3, 3]);
    assertClose(new initializers.Constant({ fillValue: array([1, 2]) }).generate([2, 2]), [[1, 2], [1, 2]]);
    assert.is(new initializers.Constant({ fillValue: 3, dtype: 'int32' }).generate([1]).dtype, 'int32');
    assertThrows(() => new initializers.Constant('1' as never), 'Constant', "fillValue must be a number or an NDArray, got '1'");
    assertThrows(() => new initializers.Constant({} as never), 'Constant', 'fillValue must be a number or an NDArray, got undefined');
    assertThrows(() => new initializers.Constant(2, { fillValue: 3 } as never), 'Constant', 'fillValue is given both positionally and in the options');
  });

  test('UpsamplingDeconvFilter and DownsamplingConvFilter: Chainer\'s bilinear filters on the channel diagonal', () => {
    // numpy running chainer/initializers/sampling.py on (2, 2, 4, 4) and (3, 1, 3, 3)
    const f = [0.0625, 0.1875, 0.1875, 0.0625, 0.1875, 0.5625, 0.5625, 0.1875, 0.1875, 0.5625, 0.5625, 0.1875, 0.0625, 0.1875, 0.1875, 0.0625];
    const zeros = new Array(16).fill(0);
    assertClose(new initializers.UpsamplingDeconvFilter().generate([2, 2, 4, 4]), [...f, ...zeros, ...zeros, ...f], { atol: 0, rtol: 0 });
    const d = [0.0625, 0.125, 0.0625, 0.125, 0.25, 0.125, 0.0625, 0.125, 0.0625];
    assertClose(new initializers.DownsamplingConvFilter().generate([3, 1, 3, 3]), [...d, ...d, ...d], { atol: 0, rtol: 0 });
    assertThrows(() => new initializers.UpsamplingDeconvFilter().generate([2, 3, 4, 4]), 'UpsamplingDeconvFilter', 'channels');
    assertThrows(() => new initializers.DownsamplingConvFilter().generate([2, 2, 3, 4]), 'DownsamplingConvFilter', 'ksize must be all same');
    assertThrows(() => new initializers.UpsamplingDeconvFilter({ interpolation: 'cubic' as never }), 'interpolation');
  });
});
