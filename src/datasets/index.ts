// chainer.datasets (and chainer.dataset's concat_examples): datasets, splits, converters
// and the standard data sets.
export { type Dataset, type DatasetLike, getExample, getExamples } from './dataset';
export { HostArray } from './host-array';
export { TupleDataset, DictDataset } from './tuple-dataset';
export { TransformDataset, ConcatenatedDataset } from './transform-dataset';
export { SubDataset, splitDataset, splitDatasetRandom, getCrossValidationDatasets, getCrossValidationDatasetsRandom } from './sub-dataset';
export { concatExamples, type ConcatOptions, type Converter, type Batch } from './convert';
export { getMnist, getFashionMnist, getFashionMnistLabels, findMnistDirectory, type MnistOptions, type MnistBytes } from './mnist';
export { parseIdx, encodeIdx } from './idx';
export { getPtbWords, getPtbWordsVocabulary, ptbWords, type PtbOptions } from './ptb';
