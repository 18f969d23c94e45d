// chainer.training: the trainer, its updaters, triggers and extensions, and the reporter.
export { Reporter, report, reportScope, getCurrentReporter, Summary, DictSummary, type Observation, type WeightedValue } from './reporter';
