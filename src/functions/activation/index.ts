export { tanh, sigmoid, Tanh, TanhGrad, Sigmoid, SigmoidGrad } from './elementwise';
export { softmax, Softmax, SoftmaxGrad } from './softmax';
export { logSoftmax, LogSoftmax, LogSoftmaxGrad } from './log-softmax';
export { relu, leakyRelu, clippedRelu, hardSigmoid, ReLU, ReLUGrad2, LeakyReLU, ClippedReLU, HardSigmoid } from './relu';
export { elu, selu, ELU } from './elu';
export { softplus, gelu, Softplus, SoftplusGrad, GELU } from './softplus';
export { prelu, swish, PReLUFunction, Swish } from './parametric';
export { maxout } from './maxout';
