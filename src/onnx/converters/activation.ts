// Activations: most are one ONNX operator; the others are short elementwise compositions.
import type { ELU } from '../../functions/activation/elu';
import type { Softmax } from '../../functions/activation/softmax';
import type { LogSoftmax } from '../../functions/activation/log-softmax';
import type { ClippedReLU, LeakyReLU } from '../../functions/activation/relu';
import type { Softplus } from '../../functions/activation/softplus';
import type { PReLUFunction, Swish } from '../../functions/activation/parametric';
import { type Converter, converter, sameInputs } from './converter';
import type { OnnxGraph } from '../graph';
import type { Variable } from '../../core/variable';

/** A per-channel parameter of shape p reshaped to broadcast against x from axis 1 on. */
function fromAxis1(g: OnnxGraph, x: Variable, p: Variable, name: string): string {
  const shape = [...p.shape, ...new Array<number>(Math.max(x.ndim - 1 - p.ndim, 0)).fill(1)];
  return g.op('Reshape', [name, g.int64s(shape)]);
}

export const activationConverters: Record<string, Converter> = {
  ReLU: sameInputs('Relu'),
  // The same values: ONNX scales where x < 0, Chainer where x <= 0, and 0 scaled is 0.
  LeakyReLU: sameInputs<LeakyReLU>('LeakyRelu', (n) => ({ alpha: { float: n.slopeValue } })),
  ClippedReLU: converter<ClippedReLU>((g, n, [x], [y]) => {
    g.op('Clip', [x, g.scalar(0, 'float32'), g.scalar(n.z, 'float32')], {}, y);
  }),
  // clip(0.2 x + 0.5, 0, 1): ONNX's HardSigmoid with Chainer's constants.
  HardSigmoid: sameInputs('HardSigmoid', () => ({ alpha: { float: 0.2 }, beta: { float: 0.5 } })),
  Sigmoid: sameInputs('Sigmoid'),
  Tanh: sameInputs('Tanh'),
  ELU: sameInputs<ELU>('Elu', (n) => ({ alpha: { float: n.alpha } })),
  // log(1 + exp(beta x)) / beta
  Softplus: converter<Softplus>((g, n, [x], [y]) => {
    if (n.beta === 1) { g.op('Softplus', [x], {}, y); return; }
    const sp = g.op('Softplus', [g.op('Mul', [x, g.scalar(n.beta, 'float32')])]);
    g.op('Mul', [sp, g.scalar(1 / n.beta, 'float32')], {}, y);
  }),
  // x Phi(x) = x (1 + erf(x / sqrt 2)) / 2 (ONNX's Gelu comes only with opset 20).
  GELU: converter((g, _, [x], [y]) => {
    const erf = g.op('Erf', [g.op('Mul', [x, g.scalar(Math.SQRT1_2, 'float32')])]);
    const half = g.op('Mul', [x, g.scalar(0.5, 'float32')]);
    g.op('Mul', [half, g.op('Add', [erf, g.scalar(1, 'float32')])], {}, y);
  }),
  Softmax: sameInputs<Softmax>('Softmax', (n) => ({ axis: n.axis })),
  LogSoftmax: sameInputs<LogSoftmax>('LogSoftmax', (n) => ({ axis: n.axis })),
  // Both take x where x >= 0 and W x elsewhere.
  PReLUFunction: converter<PReLUFunction>((g, n, [x, W], [y]) => {
    g.op('PRelu', [x, fromAxis1(g, n.inputs[0], n.inputs[1], W)], {}, y);
  }),
  // x sigmoid(beta x)
  Swish: converter<Swish>((g, n, [x, beta], [y]) => {
    const bx = g.op('Mul', [x, fromAxis1(g, n.inputs[0], n.inputs[1], beta)]);
    g.op('Mul', [x, g.op('Sigmoid', [bx])], {}, y);
  }),
};
