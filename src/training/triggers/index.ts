export { IntervalTrigger, type IntervalUnit } from './interval-trigger';
export { ManualScheduleTrigger } from './manual-schedule-trigger';
export { BestValueTrigger, MaxValueTrigger, MinValueTrigger } from './minmax-value-trigger';
export { OnceTrigger } from './once-trigger';
export { EarlyStoppingTrigger, type EarlyStoppingOptions } from './early-stopping-trigger';
export { TimeTrigger } from './time-trigger';
