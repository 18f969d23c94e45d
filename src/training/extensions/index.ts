// chainer.training.extensions: what runs around the updates.
export { Evaluator, type EvaluatorOptions } from './evaluator';
export { LogReport, formatLog, type LogReportOptions, type LogEntry } from './log-report';
export { PrintReport, type PrintReportOptions } from './print-report';
export { ProgressBar, type ProgressBarOptions, type ProgressStatus } from './progress-bar';
export { PlotReport, type PlotReportOptions } from './plot-report';
export { DumpGraph, type DumpGraphOptions } from './dump-graph';
export { ExponentialShift, type ExponentialShiftOptions } from './exponential-shift';
export { LinearShift } from './linear-shift';
export { StepShift } from './step-shift';
export { MultistepShift, type MultistepShiftOptions } from './multistep-shift';
export { InverseShift } from './inverse-shift';
export { PolynomialShift } from './polynomial-shift';
export { WarmupShift } from './warmup-shift';
export type { ShiftOptions } from './shift';
export { observeLr, observeValue, type ObserveLrOptions } from './value-observation';
export { FailOnNonNumber } from './fail-on-nonnumber';
export type { TextOut } from './output';
export { Snapshot, snapshot, snapshotObject, type SnapshotOptions } from './snapshot';
