export { linear, LinearFunction, type LinearOptions } from './linear';
export { convolution2d, Convolution2DFunction, Convolution2DGradW, type Convolution2DOptions } from './convolution-2d';
export { deconvolution2d, Deconvolution2DFunction, type Deconvolution2DOptions } from './deconvolution-2d';
export { depthwiseConvolution2d, DepthwiseConvolution2D, type DepthwiseConvolution2DOptions } from './depthwise-convolution-2d';
export { embedId, EmbedIDFunction, EmbedIDGrad, type EmbedIdOptions } from './embed-id';
