import { F, Variable, array, grad } from '../../../src/index';
import { assertClose, describeBackends } from '../../util';
import { erfRef } from '../reference';
import { type UnaryCase, checkUnary } from '../unary-cases';

const CASES: UnaryCase[] = [
  { name: 'exp', fn: F.exp, ref: Math.exp, lo: -3, hi: 3 },
  { name: 'log', fn: F.log, ref: Math.log, lo: 0.3, hi: 4 },
  { name: 'log2', fn: F.log2, ref: Math.log2, lo: 0.3, hi: 4 },
  { name: 'log10', fn: F.log10, ref: Math.log10, lo: 0.3, hi: 4 },
  { name: 'expm1', fn: F.expm1, ref: Math.expm1, lo: -2, hi: 2 },
  { name: 'log1p', fn: F.log1p, ref: Math.log1p, lo: -0.5, hi: 3 },
  { name: 'sqrt', fn: F.sqrt, ref: Math.sqrt, lo: 0.3, hi: 4 },
  { name: 'rsqrt', fn: F.rsqrt, ref: (x) => 1 / Math.sqrt(x), lo: 0.3, hi: 4 },
  { name: 'square', fn: F.square, ref: (x) => x * x, lo: -3, hi: 3 },
  { name: 'absolute', fn: F.absolute, ref: Math.abs, lo: -3, hi: 3, kinks: [0] },
  { name: 'sin', fn: F.sin, ref: Math.sin, lo: -4, hi: 4 },
  { name: 'cos', fn: F.cos, ref: Math.cos, lo: -4, hi: 4 },
  { name: 'tan', fn: F.tan, ref: Math.tan, lo: -1.2, hi: 1.2, rtol: 2e-5 },
  { name: 'arcsin', fn: F.arcsin, ref: Math.asin, lo: -0.8, hi: 0.8 },
  { name: 'arccos', fn: F.arccos, ref: Math.acos, lo: -0.8, hi: 0.8 },
  { name: 'arctan', fn: F.arctan, ref: Math.atan, lo: -3, hi: 3 },
  { name: 'sinh', fn: F.sinh, ref: Math.sinh, lo: -3, hi: 3 },
  { name: 'cosh', fn: F.cosh, ref: Math.cosh, lo: -3, hi: 3 },
  { name: 'erf', fn: F.erf, ref: erfRef, lo: -2.5, hi: 2.5, atol: 3e-7 },
];

// Chainer 7.8.1's gradients where gy / x (Chainer) and gy (1 / x) round apart:
// [function, x, gy, gx].
const DIVIDED: [(v: Variable) => Variable, number[], number[], number[]][] = [
  [F.log, [1.4299720525741577, 2.672109603881836, 2.724619150161743], [-0.9551319479942322, -1.5956348180770874, -0.02101173996925354],
    [-0.6679375171661377, -0.5971442461013794, -0.007711808197200298]],
  [F.log1p, [0.683699905872345, 0.9698731303215027, 0.7502961158752441], [0.9388652443885803, -0.09950964152812958, 0.8649784922599792],
    [0.5576203465461731, -0.050515759736299515, 0.4941897988319397]],
  [F.log2, [1.6550613641738892, 0.683699905872345, 1.4299720525741577], [1.9253443479537964, 0.9388652443885803, -0.9551319479942322],
    [1.6782971620559692, 1.9811267852783203, -0.9636301398277283]],
  [F.log10, [1.6385878324508667, 0.6613397002220154, 1.4299720525741577], [-1.854379415512085, 0.683017909526825, -0.9551319479942322],
    [-0.4914883077144623, 0.44853031635284424, -0.29008159041404724]],
  [F.sqrt, [1.6550613641738892, 0.683699905872345, 1.4299720525741577], [1.9253443479537964, 0.9388652443885803, -0.9551319479942322],
    [0.7482924461364746, 0.5677282214164734, -0.3993646502494812]],
];

describeBackends('F unary math', (test, backendName) => {
  for (const c of CASES) {
    test(`${c.name}: values, gradient, double backprop, dtype error`, () => checkUnary(c));
  }

  test('square: the gradient is gy * 2 * x in Chainer\'s order, finite where 2 x overflows', () => {
    // Chainer 7.8.1's values; 2 x first gives inf for the first two.
    const v = new Variable(array([3e38, -2e38, 1.5, -0.75]));
    const y = F.square(v);
    y.grad = array([0.25, 0.1, -2.0, 3.0]);
    y.backward();
    assertClose(v.grad!, [1.5000000027488779e+38, -3.999999973526325e+37, -6.0, -4.5], { atol: 0, rtol: 1e-7 });
  });

  test('sinh, cosh: finite up to |x| = 89.4 and +-inf beyond, as numpy\'s float32 sinh and cosh', () => {
    // Chainer 7.8.1's values and gradients (gy = 0.5): e^x overflows from 88.7 but cosh(89) is 2.24e38,
    // and sinh(3e38) is inf, not inf / inf.
    const rtol = backendName === 'wasm' ? 2e-7 : 1e-5;  // WebGL's exp is within a few ulp per unit of x
    const x = [89, -89, 3e38, -3e38, 0.5, -20, 88.9];
    const big = 2.2448063889081578e+38, near = 2.0311879944805776e+38;
    const s = new Variable(array(x)), c = new Variable(array(x));
    const ys = F.sinh(s), yc = F.cosh(c);
    assertClose(ys, [big, -big, Infinity, -Infinity, 0.5210952758789062, -242582592.0, near], { atol: 0, rtol });
    assertClose(yc, [big, big, Infinity, Infinity, 1.1276260614395142, 242582608.0, near], { atol: 0, rtol });
    ys.grad = array(x.map(() => 0.5)); ys.backward();
    yc.grad = array(x.map(() => 0.5)); yc.backward();
    assertClose(s.grad!, [big / 2, big / 2, Infinity, Infinity, 0.5638130307197571, 121291304.0, near / 2], { atol: 0, rtol });
    assertClose(c.grad!, [big / 2, -big / 2, Infinity, -Infinity, 0.2605476379394531, -121291296.0, near / 2], { atol: 0, rtol });
  });

  test('log, log2 and log10 near 1 are accurate relative to their small results', () => {
    // numpy (Chainer 7.8.1): log(0.99933803) = -6.620691e-4; webgl's log gave -6.621109e-4
    // (718 ulp): the hardware's error is absolute, so results near 0 lost their digits.
    const xs: number[] = [0.9993380308151245, 0.5000001, 0.75, 0.9999999, 1.0000001, 1.0001, 1.3, 1.4999999, 0.93031764];
    for (let k = 0; k < 100; k++) xs.push(Math.fround(1 + (((k * 0.7548776662) % 1) - 0.5) * (k % 3 ? 0.9 : 1e-3)));
    const x = array(xs);
    const ulp = (v: number) => { const a = Math.abs(Math.fround(v)); return a === 0 ? 1e-45 : Math.fround(a * (1 + 2 ** -23)) - a; };
    for (const [f, ref] of [[F.log, Math.log], [F.log2, Math.log2], [F.log10, Math.log10]] as const) {
      const got = f(x).array.dataSync();
      xs.forEach((v, i) => {
        const want = ref(Math.fround(v));
        if (!(Math.abs(got[i] - want) <= 3 * ulp(want))) throw new Error(`${f.name}(${v}) = ${got[i]}, want ${want} on ${backendName}`);
      });
    }
  });

  test('sin, cos and tan of large arguments reduce exactly (Payne-Hanek on webgl from 8192 on)', () => {
    // numpy (Chainer 7.8.1) reduces any float32 exactly: sin(1.0269125e21) = -0.008367187 and
    // cos(4.680814e12) = -0.9999928, where webgl gave -inf and 8.9e31.
    const xs: number[] = [8192, -8192.5, 1.0269124758828808e21, 4680813903872, 9.263233593969213e17, -3.917165023188313e23, 3.4028234663852886e38, -1e30, 123456.789, 7.5e5];
    for (let k = 0; k < 200; k++) xs.push(Math.fround((k % 2 ? -1 : 1) * Math.exp(9 + ((k * 0.6180339887) % 1) * 78)));
    const x = array(xs);
    const ulp = (v: number) => { const a = Math.abs(Math.fround(v)); return a === 0 ? 1e-45 : Math.fround(a * (1 + 2 ** -23)) - a; };
    for (const [f, ref] of [[F.sin, Math.sin], [F.cos, Math.cos]] as const) {
      const got = f(x).array.dataSync();
      xs.forEach((v, i) => {
        const want = ref(Math.fround(v));
        if (!(Math.abs(got[i] - want) <= 3 * ulp(want))) throw new Error(`${f.name}(${v}) = ${got[i]}, want ${want} on ${backendName}`);
      });
    }
    // tan = sin / cos: within a few ulp of both
    const t = F.tan(x).array.dataSync();
    xs.forEach((v, i) => {
      const want = Math.tan(Math.fround(v));
      if (!(Math.abs(t[i] - want) <= 6 * ulp(want))) throw new Error(`tan(${v}) = ${t[i]}, want ${want} on ${backendName}`);
    });
  });

  test('tan: the gradient is gy / cos(x)^2 as in Chainer, not (1 + tan^2) gy', () => {
    // Chainer 7.8.1's first and second gradients; (1 + y^2) gy gives 99.925026 at 1.5.
    const rtol = backendName === 'wasm' ? 0 : 1e-5;
    const v = new Variable(array([1.5, -1.55, 0.7, -0.3, 1.5707]));
    const [gx] = grad([F.tan(v)], [v], { gradOutputs: [new Variable(array([0.5, 1.25, -0.75, 1.0, 1e-3]))], enableDoubleBackprop: true });
    assertClose(gx!, [99.92503356933594, 2890.662109375, -1.2820872068405151, 1.095688819885254, 107882.59375], { atol: 0, rtol });
    const [g2] = grad([F.sum(gx!)], [v]);
    assertClose(g2!, [2818.169921875, -277956.625, -2.1597743034362793, -0.6778725385665894, 2241078272.0], { atol: 0, rtol });
  });

  test('log, log1p, log2, log10, sqrt: the gradient divides gy as Chainer does (gy / x, gy / (2 y))', () => {
    // Exact on wasm (IEEE division); WebGL's division is only within a few ulp.
    const rtol = backendName === 'wasm' ? 0 : 5e-7;
    for (const [f, x, gy, want] of DIVIDED) {
      const v = new Variable(array(x));
      const y = f(v);
      y.grad = array(gy);
      y.backward();
      assertClose(v.grad!, want, { atol: 0, rtol });
    }
  });

  test('arcsin, arccos, arctan: Chainer\'s ArcsinGrad, ArccosGrad and ArctanGrad, second derivatives included', () => {
    // Chainer 7.8.1: ggx gy x / (1 - x^2)^1.5 is 0 at |x| = 1e30 (differentiating the root
    // gives NaN), and arctan's -2 gy x ggx / (x^4 + 2 x^2 + 1) is NaN at inf. (The power
    // 1.5 may be an ulp off numpy's.)
    const rtol = backendName === 'wasm' ? 3e-7 : 1e-5;
    const second = (f: (v: Variable) => Variable, x: number[]) => {
      const v = new Variable(array(x)), gy = new Variable(array([0.5, -1.25, 0.75, 2]));
      const [gx] = grad([f(v)], [v], { gradOutputs: [gy], enableDoubleBackprop: true });
      return [gx!, ...grad([F.sum(F.mul(gx!, array([1.5, 0.25, -0.5, 1])))], [v, gy]).map((g) => g!)];
    };
    const [sx, sxx, sxy] = second(F.arcsin, [1e30, 0.5, -0.3, 0.93]);
    assertClose(sx, [NaN, -1.443375587463379, 0.7862136363983154, 5.441295623779297], { atol: 0, rtol });
    assertClose(sxx, [0, -0.24056260287761688, 0.12959565222263336, 37.456729888916016], { atol: 0, rtol });
    assertClose(sxy, [NaN, 0.28867512941360474, -0.5241424441337585, 2.7206478118896484], { atol: 0, rtol });
    const [cx, cxx, cxy] = second(F.arccos, [-1e30, 0.5, -0.3, 0.93]);
    assertClose(cx, [NaN, 1.443375587463379, -0.7862136363983154, -5.441295623779297], { atol: 0, rtol });
    assertClose(cxx, [0, 0.24056260287761688, -0.12959565222263336, -37.456729888916016], { atol: 0, rtol });
    assertClose(cxy, [NaN, -0.28867512941360474, 0.5241424441337585, -2.7206478118896484], { atol: 0, rtol });
    const [tx, txx, txy] = second(F.arctan, [Infinity, 0.7, -2.5, 1e20]);
    assertClose(tx, [0, -0.8389261364936829, 0.10344827175140381, 0], { atol: 0, rtol });
    assertClose(txx, [NaN, 0.19706320762634277, -0.035671819001436234, -0], { atol: 0, rtol });
    assertClose(txy, [0, 0.16778522729873657, -0.06896551698446274, 0], { atol: 0, rtol });
  });

  test('erf: the gradient is Chainer\'s 2 / sqrt(pi) exp(-x ** 2) gy, so its own gradient is NaN at |x| = 3e38', () => {
    // Chainer 7.8.1: x ** 2 differentiates to (2 x) g, inf * 0 = NaN where 2 x overflows.
    const x = new Variable(array([3e38, -3e38, 0.5, -1.3, 20])), gy = new Variable(array([-0.28, 0.5, 1.25, -0.75, 2]));
    const [gx] = grad([F.erf(x)], [x], { gradOutputs: [gy], enableDoubleBackprop: true });
    const [ggx, ggy] = grad([F.sum(F.mul(gx!, array([0.14, 1.5, -0.5, 0.25, 1])))], [x, gy]);
    const rtol = backendName === 'wasm' ? 3e-7 : 1e-5;
    assertClose(gx!, [-0, 0, 1.0984781980514526, -0.1561560332775116, 0], { atol: 0, rtol });
    assertClose(ggx!, [NaN, NaN, 0.5492390990257263, -0.10150140523910522, -0], { atol: 0, rtol });
    assertClose(ggy!, [0, 0, -0.43939128518104553, 0.05205200985074043, 0], { atol: 0, rtol });
  });
});
