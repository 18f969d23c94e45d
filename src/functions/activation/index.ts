export { tanh, sigmoid, Tanh, Sigmoid } from './elementwise';
export { softmax, Softmax, SoftmaxGrad } from './softmax';
export { logSoftmax, LogSoftmax, LogSoftmaxGrad } from './log-softmax';
