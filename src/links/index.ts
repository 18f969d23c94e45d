// chainer.links: parameterized layers, and the Link / Chain machinery they are built on.
export { Parameter, type ParameterOptions } from './parameter';
export { Link, Chain, type AddParamOptions } from './link';
export { ChainList } from './chain-list';
export { Sequential, type Layer, type LayerFunction } from './sequential';
export { Linear, type LinearOptions } from './connection/linear';
export { BatchNormalization, type BatchNormalizationOptions } from './normalization/batch-normalization';
export { LayerNormalization, type LayerNormalizationOptions } from './normalization/layer-normalization';
export { PReLU, type PReLUOptions } from './activation/prelu';
export { GRU, StatefulGRU, StatelessGRU, GRUBase, type GRUOptions } from './rnn/gru';
export { Classifier, type ClassifierOptions, type LossFunction as ClassifierLossFunction } from './model/classifier';
export { LSTM, StatelessLSTM, LSTMBase, type LSTMOptions } from './rnn/lstm';
export { Convolution2D, type Convolution2DOptions, type Pair } from './connection/convolution-2d';
export { Deconvolution2D, type Deconvolution2DOptions } from './connection/deconvolution-2d';
export { DepthwiseConvolution2D, type DepthwiseConvolution2DOptions } from './connection/depthwise-convolution-2d';
export { EmbedID, type EmbedIDOptions } from './connection/embed-id';
