// LogReport: averages the observations between its triggers and appends the means, with
// epoch, iteration and elapsed_time, to a log kept in memory and written as JSON to
// `<out>/log` (chainer.training.extensions.LogReport).
import * as io from '../../io/index';
import type { Serializer } from '../../serializers/serializer';
import { DictSummary } from '../reporter';
import { Extension } from '../extension';
import { getTrigger, type Trigger, type TriggerSpec } from '../trigger';
import type { Trainer } from '../trainer';
import { parsePythonJson, pythonJson } from '../util/python';
import { formatFields } from './output';
import { type ArgumentsOf, readArguments, showValue } from '../../util/options';

export type LogEntry = Record<string, number>;

export interface LogReportOptions {
  /** Keys to average (default: every scalar in the observation). */
  keys?: readonly string[] | null;
  /** When to write an entry (default [1, 'epoch']). */
  trigger?: TriggerSpec;
  /** Edits an entry before it is logged. */
  postprocess?: ((entry: LogEntry) => void) | null;
  /** File name in the output directory, may use {epoch} and {iteration}; null or missing: logName. */
  filename?: string | null;
  /** The file name when filename is not given (default 'log'); null writes no file (Chainer's log_name). */
  logName?: string | null;
}

const INT_KEYS = new Set(['epoch', 'iteration']);

/** The log as Python's json.dump(log, f, indent=4) writes it. */
export function formatLog(log: readonly LogEntry[], indent: number | null = 4): string {
  return pythonJson(log, indent, INT_KEYS);
}

export class LogReport extends Extension {
  private readonly keys: readonly string[] | null;
  private readonly logTrigger: Trigger;
  private readonly postprocess: ((entry: LogEntry) => void) | null;
  private readonly logName: string | null;
  private summary = new DictSummary();
  private entries: LogEntry[] = [];

  constructor(...args: ArgumentsOf<LogReportOptions>) {
    super();
    const options = readArguments<LogReportOptions>('LogReport', args, ['keys', 'trigger', 'postprocess', 'filename'],
      ['keys', 'trigger', 'postprocess', 'filename', 'logName']);
    this.keys = options.keys ?? null;
    if (this.keys !== null && !(Array.isArray(this.keys) && this.keys.every((k) => typeof k === 'string'))) {
      throw new TypeError(`LogReport: keys must be a list of observation keys or null, got ${showValue(this.keys)}`);
    }
    this.logTrigger = getTrigger(options.trigger ?? [1, 'epoch']);
    this.postprocess = options.postprocess ?? null;
    // As Chainer: filename None falls back to log_name, and only log_name None means no file.
    this.logName = options.filename ?? (options.logName === undefined ? 'log' : options.logName);
  }

  /** The entries written so far. */
  get log(): LogEntry[] {
    return this.entries;
  }

  call(trainer: Trainer): void {
    const observation = trainer.observation;
    if (this.keys === null) {
      this.summary.add(observation);
    } else {
      const picked: Record<string, unknown> = {};
      for (const k of this.keys) if (k in observation) picked[k] = observation[k];
      this.summary.add(picked);
    }
    // Called before training (callBeforeTraining), it logs the observation made there; the
    // trigger is not consulted then, as in Chainer.
    if (!trainer.isBeforeTraining && !this.logTrigger.call(trainer)) return;
    const entry: LogEntry = { ...this.summary.computeMean() };
    entry.epoch = trainer.updater.epoch;
    entry.iteration = trainer.updater.iteration;
    entry.elapsed_time = trainer.elapsedTime;
    this.postprocess?.(entry);
    this.entries.push(entry);
    if (this.logName !== null && io.hasFileSystem()) {
      const name = formatFields(this.logName, entry);
      io.writeAtomic(io.joinPath(trainer.out, name), formatLog(this.entries), 'LogReport');
    }
    this.summary = new DictSummary();
  }

  /** Keys as Chainer's: _trigger/..., _summary/..., _log (the log as JSON text). */
  override serialize(s: Serializer): void {
    this.logTrigger.serialize?.(s.child('_trigger'));
    this.summary.serialize(s.child('_summary'));
    if (!s.isLoading) {
      s.value('_log', formatLog(this.entries, null));
    } else {
      const text = s.value('_log', formatLog(this.entries, null));
      const parsed = parsePythonJson(text);
      if (!Array.isArray(parsed)) throw new Error('LogReport.serialize: _log must be a JSON list of entries');
      this.entries = parsed as LogEntry[];
    }
  }
}
