export { maxPooling2d, MaxPooling2D, MaxPooling2DGrad, MaxPooling2DWithIndexes, type MaxPooling2DOptions } from './max-pooling-2d';
export { averagePooling2d, unpooling2d, AveragePooling2D, AveragePooling2DGrad, Unpooling2D, Unpooling2DGrad, type Unpooling2DOptions } from './average-pooling-2d';
export type { Pooling2DOptions } from './pooling-2d';
