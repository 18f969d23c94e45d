export { batchNormalization, fixedBatchNormalization, BatchNormalization, BatchNormalizationGrad, FixedBatchNormalization,
  type BatchNormalizationOptions, type FixedBatchNormalizationOptions, type RunningAverages } from './batch-normalization';
export { layerNormalization, groupNormalization } from './layer-normalization';
export { localResponseNormalization, normalize, LocalResponseNormalization, NormalizeL2, type LocalResponseNormalizationOptions } from './local-response-normalization';
