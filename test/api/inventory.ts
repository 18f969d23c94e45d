// The public names the API document promises, shared by the contract test and the
// argument tests that must cover every entry point.

export const F_NAMES = {
  activation: 'relu leakyRelu elu selu clippedRelu hardSigmoid sigmoid tanh softmax logSoftmax softplus swish prelu gelu maxout',
  math: 'exp expm1 log log1p log2 log10 sqrt rsqrt square absolute sin cos tan arcsin arctan arctan2 sinh cosh erf floor fmod ' +
    'sum mean max min argmax argmin logsumexp matmul batchMatmul linearInterpolate clip maximum minimum squaredDifference cumsum prod sign',
  array: 'reshape transpose broadcastTo concat splitAxis stack expandDims squeeze getItem selectItem where pad flatten repeat tile ' +
    'swapaxes moveaxis rollaxis flip cast separate hstack vstack dstack',
  connection: 'linear convolution2d deconvolution2d depthwiseConvolution2d embedId',
  pooling: 'maxPooling2d averagePooling2d unpooling2d',
  normalization: 'batchNormalization fixedBatchNormalization layerNormalization groupNormalization localResponseNormalization normalize',
  loss: 'softmaxCrossEntropy sigmoidCrossEntropy meanSquaredError meanAbsoluteError huberLoss hinge gaussianKlDivergence contrastive triplet',
  evaluation: 'accuracy',
  noise: 'dropout',
  rnn: 'lstm nStepLstm',
};
export const words = (s: string) => s.split(/\s+/).filter(Boolean);
export const ALL_F = Object.values(F_NAMES).flatMap(words);
/** F functions that take no options object at all (Chainer gives them no keyword arguments). */
export const F_WITHOUT_OPTIONS = words('relu hardSigmoid sigmoid tanh swish prelu gelu exp expm1 log log1p log2 log10 sqrt rsqrt square absolute ' +
  'sin cos tan arcsin arctan arctan2 sinh cosh erf floor fmod linearInterpolate clip maximum minimum squaredDifference sign ' +
  'reshape broadcastTo getItem selectItem where flatten tile moveaxis cast hstack vstack dstack meanSquaredError meanAbsoluteError lstm nStepLstm');

export const LINKS = words('Linear Convolution2D Deconvolution2D DepthwiseConvolution2D EmbedID LSTM StatelessLSTM GRU StatefulGRU ' +
  'StatelessGRU BatchNormalization LayerNormalization PReLU Classifier');
export const OPTIMIZERS = words('SGD MomentumSGD NesterovAG Adam AdamW AMSGrad AdaBound AMSBound AdaGrad AdaDelta RMSprop RMSpropGraves SMORMS3 CorrectedMomentumSGD MSVAG');
export const OPTIMIZER_HOOKS = words('WeightDecay GradientClipping Lasso GradientLARS GradientNoise');
export const EXTENSION_CLASSES = words('Evaluator LogReport PrintReport ProgressBar PlotReport DumpGraph ExponentialShift LinearShift FailOnNonNumber');
export const EXTENSION_FUNCTIONS = words('snapshot snapshotObject observeLr');
