// chainer.optimizers (and chainer.optimizer_hooks): update rules run as fused kernels.
export { Optimizer, GradientMethod, type OptimizerHook, type OptimizerWideHook, type ParameterHook, type OptimizerHookFunction, type LossFunction } from './optimizer';
export { UpdateRule, type AddHookOptions, type HookTiming, type Hyperparameters, type UpdateRuleHook } from './update-rule';
export { SGD, SGDRule, type SGDHyperparameter } from './sgd';
export { MomentumSGD, MomentumSGDRule, type MomentumSGDHyperparameter } from './momentum-sgd';
export { NesterovAG, NesterovAGRule, type NesterovAGHyperparameter } from './nesterov-ag';
export { Adam, AdamW, AMSGrad, AdaBound, AMSBound, AdamRule, adamLearningRate, type AdamHyperparameter } from './adam';
export { AdaGrad, AdaGradRule, type AdaGradHyperparameter } from './ada-grad';
export { AdaDelta, AdaDeltaRule, type AdaDeltaHyperparameter } from './ada-delta';
export { RMSprop, RMSpropRule, type RMSpropHyperparameter } from './rmsprop';
export { CorrectedMomentumSGD, CorrectedMomentumSGDRule, type CorrectedMomentumSGDHyperparameter } from './corrected-momentum-sgd';
export { RMSpropGraves, RMSpropGravesRule, type RMSpropGravesHyperparameter } from './rmsprop-graves';
export { SMORMS3, SMORMS3Rule, type SMORMS3Hyperparameter } from './smorms3';
export { MSVAG, MSVAGRule, type MSVAGHyperparameter } from './msvag';
export { WeightDecay, Lasso, GradientHardClipping, GradientLARS, GradientNoise, exponentialDecayNoise, type GradientNoiseFunction, type GradientHardClippingOptions, type GradientLARSOptions, type GradientNoiseOptions } from './hooks/parameter-hooks';
export { GradientClipping } from './hooks/gradient-clipping';
