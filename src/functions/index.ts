// F: the differentiable functions, grouped like Chainer's chainer.functions tree.
export * from './activation/index';
export * from './math/index';
export * from './array/index';
export * from './connection/index';
export * from './pooling/index';
export * from './normalization/index';
export * from './loss/index';
export * from './evaluation/index';
export * from './noise/index';
export * from './rnn/index';
