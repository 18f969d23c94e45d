export { softmaxCrossEntropy, SoftmaxCrossEntropy, SoftmaxCrossEntropyGrad, type SoftmaxCrossEntropyOptions } from './softmax-cross-entropy';
export { SoftTargetCrossEntropy, type SoftTargetLoss } from './soft-target-cross-entropy';
export { sigmoidCrossEntropy, SigmoidCrossEntropy } from './sigmoid-cross-entropy';
export { meanSquaredError, meanAbsoluteError, MeanSquaredError, MeanAbsoluteError } from './mean-squared-error';
export { huberLoss, HuberLoss, type HuberReduce } from './huber-loss';
export { hinge, Hinge } from './hinge';
export { gaussianKlDivergence } from './gaussian-kl-divergence';
export { contrastive, triplet, Contrastive, Triplet } from './contrastive';
