// Elementwise operations at the values where implementations part ways (signed zeros,
// infinities, NaN, x <= 0 for logarithms, division by zero, floor division's rounding,
// int32's edge) against numpy 2.4's float32 and int32 results, pasted below: GLSL leaves
// many of these undefined (SwiftShader gave log(0) = -88, log(-1) = 0, exp(NaN) = inf,
// atan(-0, -1) = 0), and JavaScript's Math.pow says 1^NaN is NaN where C says 1.
import { array, ops, NDArray } from '../../src/index';
import { assert, describeBackends } from '../util';

const x = [0, -0, 1, -1, Infinity, -Infinity, NaN, 0.5, -0.5, 1.5, 2.5, -2.5];
const unary: [string, number[]][] = [
  ['exp', [1, 1, 2.7182819843292236, 0.3678794205188751, Infinity, 0, NaN, 1.6487212181091309, 0.6065306663513184, 4.481688976287842, 12.182493209838867, 0.0820850059390068]],
  ['log', [-Infinity, -Infinity, 0, NaN, Infinity, NaN, NaN, -0.6931471824645996, NaN, 0.40546509623527527, 0.9162907600402832, NaN]],
  ['log2', [-Infinity, -Infinity, 0, NaN, Infinity, NaN, NaN, -1, NaN, 0.5849624872207642, 1.3219280242919922, NaN]],
  ['log10', [-Infinity, -Infinity, 0, NaN, Infinity, NaN, NaN, -0.3010300099849701, NaN, 0.176091268658638, 0.3979400396347046, NaN]],
  ['log1p', [0, -0, 0.6931471824645996, -Infinity, Infinity, NaN, NaN, 0.40546512603759766, -0.6931471824645996, 0.9162907600402832, 1.252763032913208, NaN]],
  ['expm1', [0, -0, 1.718281865119934, -0.6321205496788025, Infinity, -1, NaN, 0.6487212777137756, -0.39346933364868164, 3.481688976287842, 11.182494163513184, -0.9179150462150574]],
  ['sqrt', [0, -0, 1, NaN, Infinity, NaN, NaN, 0.7071067690849304, NaN, 1.2247449159622192, 1.5811388492584229, NaN]],
  ['tanh', [0, -0, 0.7615941762924194, -0.7615941762924194, 1, -1, NaN, 0.46211719512939453, -0.46211719512939453, 0.9051482081413269, 0.9866142868995667, -0.9866142868995667]],
  ['sinh', [0, -0, 1.175201177597046, -1.175201177597046, Infinity, -Infinity, NaN, 0.5210952758789062, -0.5210952758789062, 2.129279375076294, 6.050204277038574, -6.050204277038574]],
  ['cosh', [1, 1, 1.5430806875228882, 1.5430806875228882, Infinity, Infinity, NaN, 1.1276260614395142, 1.1276260614395142, 2.352409601211548, 6.132289886474609, 6.132289886474609]],
  ['sin', [0, -0, 0.8414710164070129, -0.8414710164070129, NaN, NaN, NaN, 0.4794255495071411, -0.4794255495071411, 0.9974949955940247, 0.5984721779823303, -0.5984721779823303]],
  ['cos', [1, 1, 0.5403022766113281, 0.5403022766113281, NaN, NaN, NaN, 0.8775825500488281, 0.8775825500488281, 0.07073719799518585, -0.8011435866355896, -0.8011435866355896]],
  ['tan', [0, -0, 1.5574077367782593, -1.5574077367782593, NaN, NaN, NaN, 0.5463024973869324, -0.5463024973869324, 14.101420402526855, -0.747022271156311, 0.747022271156311]],
  ['arcsin', [0, -0, 1.5707963705062866, -1.5707963705062866, NaN, NaN, NaN, 0.5235987901687622, -0.5235987901687622, NaN, NaN, NaN]],
  ['arccos', [1.5707963705062866, 1.5707963705062866, 0, 3.1415927410125732, NaN, NaN, NaN, 1.0471975803375244, 2.094395160675049, NaN, NaN, NaN]],
  ['arctan', [0, -0, 0.7853981852531433, -0.7853981852531433, 1.5707963705062866, -1.5707963705062866, NaN, 0.46364760398864746, -0.46364760398864746, 0.9827937483787537, 1.1902899742126465, -1.1902899742126465]],
  ['floor', [0, -0, 1, -1, Infinity, -Infinity, NaN, 0, -1, 1, 2, -3]],
  ['ceil', [0, -0, 1, -1, Infinity, -Infinity, NaN, 1, -0, 2, 3, -2]],
  ['round', [0, -0, 1, -1, Infinity, -Infinity, NaN, 0, -0, 2, 2, -2]],
  ['sign', [0, 0, 1, -1, 1, -1, NaN, 1, -1, 1, 1, -1]],
  ['abs', [0, 0, 1, 1, Infinity, Infinity, NaN, 0.5, 0.5, 1.5, 2.5, 2.5]],
  ['square', [0, 0, 1, 1, Infinity, Infinity, NaN, 0.25, 0.25, 2.25, 6.25, 6.25]],
  ['reciprocal', [Infinity, -Infinity, 1, -1, 0, -0, NaN, 2, -2, 0.6666666865348816, 0.4000000059604645, -0.4000000059604645]],
  ['rsqrt', [Infinity, -Infinity, 1, NaN, 0, NaN, NaN, 1.4142135381698608, NaN, 0.8164965510368347, 0.6324555277824402, NaN]],
  ['sigmoid', [0.5, 0.5, 0.7310585975646973, 0.26894140243530273, 1, 0, NaN, 0.622459352016449, 0.3775406777858734, 0.8175745010375977, 0.9241418242454529, 0.07585817575454712]],
  ['softplus', [0.6931471824645996, 0.6931471824645996, 1.31326162815094, 0.31326162815093994, Infinity, 0, NaN, 0.9740769863128662, 0.4740769863128662, 1.7014132738113403, 2.578889846801758, 0.07888974249362946]],
];
const a = [1, -1, 0, -0, 0, Infinity, -Infinity, NaN, 2, -2, 5, -0, 3, 1, -5, 7, -7];
const b = [0, 0, 0, 0, -0, Infinity, 2, 1, NaN, -Infinity, -3, -1, Infinity, 0.10000000149011612, Infinity, 0.10000000149011612, 2];
const binary: [string, number[]][] = [
  ['add', [1, -1, 0, 0, 0, Infinity, -Infinity, NaN, NaN, -Infinity, 2, -1, Infinity, 1.100000023841858, Infinity, 7.099999904632568, -5]],
  ['sub', [1, -1, 0, -0, 0, NaN, -Infinity, NaN, NaN, Infinity, 8, 1, -Infinity, 0.8999999761581421, -Infinity, 6.900000095367432, -9]],
  ['mul', [0, -0, 0, -0, -0, Infinity, -Infinity, NaN, NaN, Infinity, -15, 0, Infinity, 0.10000000149011612, -Infinity, 0.699999988079071, -14]],
  ['div', [Infinity, -Infinity, NaN, NaN, NaN, NaN, -Infinity, NaN, NaN, 0, -1.6666666269302368, 0, 0, 10, -0, 70, -3.5]],
  ['floorDiv', [Infinity, -Infinity, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 0, -2, 0, 0, 9, -1, 69, -4]],
  ['fmod', [NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, -2, 2, -0, 3, 0.09999998658895493, -5, 0.09999989718198776, -1]],
  ['pow', [1, 1, 1, 1, 1, Infinity, Infinity, NaN, NaN, 0, 0.00800000037997961, -Infinity, Infinity, 1, Infinity, 1.2148140668869019, 49]],
  ['arctan2', [1.5707963705062866, -1.5707963705062866, 0, -0, 3.1415927410125732, 0.7853981852531433, -1.5707963705062866, NaN, NaN, -3.1415927410125732, 2.111215829849243, -3.1415927410125732, 0, 1.4711277484893799, -0, 1.556511640548706, -1.292496681213379]],
];
const ia = [7, -7, 7, -7, 0, 5, -2147483648, 3], ib = [2, 2, -2, -2, 3, 0, -1, 0];
const intBinary: [string, number[]][] = [
  ['floorDiv', [3, -4, -4, 3, 0, 0, -2147483648, 0]],
  ['fmod', [1, -1, 1, -1, 0, 0, 0, 0]],
  ['mul', [14, -14, -14, 14, 0, 0, -2147483648, 0]],
  ['sub', [5, -9, 9, -5, -3, 5, -2147483647, 3]],
];

const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/** Equal where numpy's value is 0, infinite or NaN (zeros by sign); within 4e-6 elsewhere. */
function check(what: string, y: NDArray, want: number[], bad: string[]): void {
  Array.from(y.dataSync()).forEach((got, i) => {
    const w = want[i];
    const ok = Object.is(got, w) || (Number.isFinite(w) && w !== 0 && Math.abs(got - w) <= 4e-6 * Math.abs(w));
    if (!ok) bad.push(`${what}[${i}]: got ${show(got)}, numpy ${show(w)}`);
  });
}

describeBackends('elementwise edge values against numpy', (test) => {
  const op = ops as unknown as Record<string, (...args: NDArray[]) => NDArray>;

  test('unary float32', () => {
    const bad: string[] = [];
    for (const [name, want] of unary) check(name, op[name](array(x)), want, bad);
    assert.is(bad.length, 0, bad.join('\n'));
  });

  test('binary float32: 1 // 0.1 is 9 and -inf // 2 NaN, as numpy divides', () => {
    const bad: string[] = [];
    for (const [name, want] of binary) check(name, op[name](array(a), array(b)), want, bad);
    assert.is(bad.length, 0, bad.join('\n'));
  });

  test('binary int32: -2^31 // -1 wraps, x // 0 and x % 0 are 0', () => {
    const bad: string[] = [];
    for (const [name, want] of intBinary) check(name, op[name](array(ia, { dtype: 'int32' }), array(ib, { dtype: 'int32' })), want, bad);
    assert.is(bad.length, 0, bad.join('\n'));
  });
});
