// chainer.initializers: how parameters get their first values.
export { Initializer, getFans, type InitializerOptions, type GenerateOptions } from './initializer';
export { getInitializer, type InitializerLike } from './get-initializer';
export { Constant, Zero, One, NaN, Identity, type ConstantOptions } from './constant';
export { Normal, LeCunNormal, GlorotNormal, HeNormal, type FanOption, type FanInitializerOptions } from './normal';
export { Uniform, LeCunUniform, GlorotUniform, HeUniform } from './uniform';
export { Orthogonal, type OrthogonalMode, type OrthogonalOptions } from './orthogonal';
export { UpsamplingDeconvFilter, DownsamplingConvFilter, type SamplingFilterOptions } from './sampling';
