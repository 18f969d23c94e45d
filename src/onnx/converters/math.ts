// Arithmetic, elementwise math and matrix products. ONNX's binary operators broadcast as
// numpy does, as kusari's; a constant operand (a number or an array) becomes an initializer
// of the output's type.
import { NDArray } from '../../array/ndarray';
import type { FunctionNode } from '../../core/function-node';
import type { MatMul } from '../../functions/math/matmul';
import type { Sum } from '../../functions/math/sum';
import type { Clip } from '../../functions/math/clip';
import type { LogSumExp } from '../../functions/math/logsumexp';
import type { Max } from '../../functions/math/minmax';
import type { Cumsum } from '../../functions/math/cumsum';
import type { OnnxGraph } from '../graph';
import { type Converter, converter, sameInputs, selectingNaN } from './converter';

interface WithConstant extends FunctionNode { readonly value: number | NDArray }

/** The node's constant operand as a value of its output's type. */
function constantOf(g: OnnxGraph, node: WithConstant): string {
  const type = node.outputs[0].dtype;
  const c = node.value;
  if (c instanceof NDArray) return g.constant(c, type);
  return g.scalar(c, type);
}

/** x in the output's type (kusari promotes an int32 operand of a float constant). */
function inOutputType(g: OnnxGraph, node: FunctionNode, x: string): string {
  const type = node.outputs[0].dtype;
  return node.inputs[0].dtype === type ? x : g.op('Cast', [x], { to: type === 'float32' ? 1 : 6 });
}

/** op(x, c), or op(c, x) when the constant comes first. */
function withConstant(opType: string, constantFirst = false): Converter {
  return converter<WithConstant>((g, n, [x], [y]) => {
    const xs = inOutputType(g, n, x), c = constantOf(g, n);
    g.op(opType, constantFirst ? [c, xs] : [xs, c], {}, y);
  });
}

/** f(x) as a composition of ONNX operators. */
function composed(f: (g: OnnxGraph, x: string) => string): Converter {
  return converter((g, _, [x], [y]) => { g.op('Identity', [f(g, x)], {}, y); });
}

const log2Scale = (g: OnnxGraph, x: string, base: number) => g.op('Mul', [g.op('Log', [x]), g.scalar(1 / Math.log(base), 'float32')]);

function reduction(opType: string): Converter {
  return converter<Max>((g, n, [x], [y]) => { g.op(opType, [x], { axes: { ints: [...n.axes] }, keepdims: n.keepdims ? 1 : 0 }, y); });
}

/** max and min, NaN where the reduced values hold one. */
function extremum(opType: string): Converter {
  return converter<Max>((g, n, [x], [y]) => {
    const over = (op: string) => (v: string) => g.op(op, [v], { axes: { ints: [...n.axes] }, keepdims: n.keepdims ? 1 : 0 });
    const select = over(opType);
    if (n.inputs[0].dtype === 'float32') selectingNaN(g, x, select, over('ReduceMax'), y);
    else g.op('Identity', [select(x)], {}, y);
  });
}

export const mathConverters: Record<string, Converter> = {
  Add: sameInputs('Add'),
  Sub: sameInputs('Sub'),
  Mul: sameInputs('Mul'),
  Div: sameInputs('Div'),
  PowVarVar: sameInputs('Pow'),
  // x - c is AddConstant(-c) and x / c is MulConstant(1 / c), as in Chainer.
  AddConstant: withConstant('Add'),
  MulConstant: withConstant('Mul'),
  PowVarConst: withConstant('Pow'),
  SubFromConstant: withConstant('Sub', true),
  DivFromConstant: withConstant('Div', true),
  PowConstVar: withConstant('Pow', true),
  Neg: sameInputs('Neg'),
  Absolute: sameInputs('Abs'),
  Exp: sameInputs('Exp'),
  Log: sameInputs('Log'),
  Sqrt: sameInputs('Sqrt'),
  Sin: sameInputs('Sin'),
  Cos: sameInputs('Cos'),
  Tan: sameInputs('Tan'),
  Arcsin: sameInputs('Asin'),
  Arccos: sameInputs('Acos'),
  Arctan: sameInputs('Atan'),
  Sinh: sameInputs('Sinh'),
  Cosh: sameInputs('Cosh'),
  Erf: sameInputs('Erf'),
  Maximum: sameInputs('Max'),
  Minimum: sameInputs('Min'),
  Square: converter((g, _, [x], [y]) => { g.op('Mul', [x, x], {}, y); }),
  Log2: composed((g, x) => log2Scale(g, x, 2)),
  Log10: composed((g, x) => log2Scale(g, x, 10)),
  Expm1: composed((g, x) => g.op('Sub', [g.op('Exp', [x]), g.scalar(1, 'float32')])),
  Log1p: composed((g, x) => g.op('Log', [g.op('Add', [x, g.scalar(1, 'float32')])])),
  Clip: converter<Clip>((g, n, [x], [y]) => {
    const bound = (b: number | null) => (b === null ? '' : g.scalar(b, n.outputs[0].dtype));
    g.op('Clip', [x, bound(n.xMin), bound(n.xMax)], {}, y);
  }),
  Sum: converter<Sum>((g, n, [x], [y]) => {
    const ndim = n.inputs[0].ndim;
    const axes = n.axis === null ? [...Array(ndim).keys()] : typeof n.axis === 'number' ? [n.axis] : [...n.axis];
    g.op('ReduceSum', [x, g.int64s(axes)], { keepdims: n.keepdims ? 1 : 0 }, y);
  }),
  // The reductions but ReduceSum take their axes as an attribute until opset 18.
  Mean: reduction('ReduceMean'),
  Max: extremum('ReduceMax'),
  Min: extremum('ReduceMin'),
  LogSumExp: converter<LogSumExp>((g, n, [x], [y]) => {
    g.op('ReduceLogSumExp', [x], { axes: { ints: [...n.axis] }, keepdims: n.keepdims ? 1 : 0 }, y);
  }),
  // atan2(y, x) as C's (numpy's, Chainer's): atan(y / x), turned by pi toward y's side where
  // x is negative (-0 included, so atan2(+-0, -0) = +-pi); y / x is +-1 where both are
  // infinite (atan2(inf, -inf) = 3 pi / 4); both zero give y or +-pi (ONNX has no Atan2).
  Arctan2: converter((g, _, [y, x], [out]) => {
    const f = (v: number) => g.scalar(v, 'float32');
    const negative = (v: string) => g.op('Or', [g.op('Less', [v, f(0)]), g.op('Less', [g.op('Div', [f(1), v]), f(0)])]);
    const both = (test: (v: string) => string) => g.op('And', [test(x), test(y)]);
    const infinite = g.op('Mul', [g.op('Sign', [y]), g.op('Sign', [x])]);
    const angle = g.op('Atan', [g.op('Where', [both((v) => g.op('IsInf', [v])), infinite, g.op('Div', [y, x])])]);
    const zeros = both((v) => g.op('Equal', [v, f(0)]));
    const turn = g.op('Where', [negative(y), f(-Math.PI), f(Math.PI)]);
    g.op('Where', [negative(x), g.op('Where', [zeros, turn, g.op('Add', [angle, turn])]), g.op('Where', [zeros, y, angle])], {}, out);
  }),
  Prod: reduction('ReduceProd'),
  // Chainer's fmod keeps the sign of x, as C's fmod.
  Fmod: sameInputs('Mod', () => ({ fmod: 1 })),
  // axis null sums the flattened x.
  Cumsum: converter<Cumsum>((g, n, [x], [y]) => {
    const flat = n.axis === null ? g.op('Reshape', [x, g.int64s([-1])]) : x;
    g.op('CumSum', [flat, g.initializer('axis', 'int64', [], [n.axis ?? 0])], { reverse: n.reverse ? 1 : 0 }, y);
  }),
  SquaredError: converter((g, _, [a, b], [y]) => {
    const d = g.op('Sub', [a, b]);
    g.op('Mul', [d, d], {}, y);
  }),
  // p x + (1 - p) y
  LinearInterpolate: converter((g, _, [p, x, z], [y]) => {
    g.op('Add', [g.op('Mul', [p, x]), g.op('Mul', [g.op('Sub', [g.scalar(1, 'float32'), p]), z])], {}, y);
  }),
  // op(a) op(b) over the last two axes; a transposed operand gets a Transpose of those.
  MatMul: converter<MatMul>((g, n, [a, b], [y]) => {
    const t = (name: string, ndim: number, trans: boolean) => {
      if (!trans) return name;
      const perm = [...Array(ndim).keys()];
      [perm[ndim - 2], perm[ndim - 1]] = [perm[ndim - 1], perm[ndim - 2]];
      return g.op('Transpose', [name], { perm: { ints: perm } });
    };
    g.op('MatMul', [t(a, n.inputs[0].ndim, n.transa), t(b, n.inputs[1].ndim, n.transb)], {}, y);
  }),
};
mathConverters.BatchMatMul = mathConverters.MatMul;
