// ProgressBar: a live view of the training progress with iterations per second and an
// estimated time to finish (chainer.training.extensions.ProgressBar). In a terminal the
// four lines are redrawn in place; elsewhere (a log file, a browser console) one line is
// printed per update; a callback receives the numbers for custom displays.
import { Extension } from '../extension';
import type { Trainer } from '../trainer';
import type { IntervalUnit } from '../triggers/interval-trigger';
import { formatG, formatPercent, formatTimedelta } from '../util/python';
import { type TextOut, type Writer, writerFor } from './output';
import { type ArgumentsOf, readArguments } from '../../util/options';
import { positiveInteger } from '../../array/arguments';

export interface ProgressStatus {
  iteration: number;
  epoch: number;
  epochDetail: number;
  /** Fraction of the whole training done, in [0, 1]. */
  rate: number;
  /** Fraction of the current epoch done. */
  epochRate: number;
  itersPerSec: number;
  /** Estimated seconds to the end of training. */
  etaSeconds: number;
  trainingLength: [number, IntervalUnit];
  /** The text lines Chainer prints. */
  lines: string[];
}

export interface ProgressBarOptions {
  /** `[length, unit]` of the training (default: from the trainer's stop trigger). */
  trainingLength?: [number, IntervalUnit] | null;
  /** Redraw every this many iterations (default 100). */
  updateInterval?: number;
  /** Characters of the bars (default 50). */
  barLength?: number;
  /** Where to draw (default stdout in Node and Deno, the console in browsers); null to draw nothing. */
  out?: TextOut | null;
  /** Redraw in place with cursor movements (default: whether the output is a terminal). */
  terminal?: boolean;
  /** Called with the numbers at every redraw, e.g. to update a page. */
  callback?: ((status: ProgressStatus) => void) | null;
}

/**
 * Iterations/s and epochs/s since the oldest of the last 100 redraws (this one included),
 * as Chainer measures them (a deque of maxlen 100, appended before it is read).
 */
export class SpeedMeter {
  private recent: [number, number, number][] = [];

  update(iteration: number, epochDetail: number, now: number): [number, number] {
    this.recent.push([iteration, epochDetail, now]);
    if (this.recent.length > 100) this.recent.shift();
    const [oldIteration, oldEpoch, oldTime] = this.recent[0];
    const span = now - oldTime;
    const speeds: [number, number] = span !== 0
      ? [(iteration - oldIteration) / span, (epochDetail - oldEpoch) / span]
      : [Infinity, Infinity];
    return speeds;
  }
}

function seconds(): number {
  return (globalThis.performance?.now() ?? Date.now()) / 1000;
}

export class ProgressBar extends Extension {
  private trainingLength: [number, IntervalUnit] | null;
  private readonly updateInterval: number;
  private readonly barLength: number;
  private readonly out: Writer | null;
  private readonly callback: ((status: ProgressStatus) => void) | null;
  private readonly speed = new SpeedMeter();
  private drawnLines = 0;

  constructor(...args: ArgumentsOf<ProgressBarOptions>) {
    super();
    const options = readArguments<ProgressBarOptions>('ProgressBar', args, ['trainingLength', 'updateInterval', 'barLength', 'out'],
      ['trainingLength', 'updateInterval', 'barLength', 'out', 'terminal', 'callback']);
    this.trainingLength = options.trainingLength ?? null;
    this.updateInterval = options.updateInterval ?? 100;
    positiveInteger('ProgressBar', 'updateInterval', this.updateInterval);
    this.barLength = options.barLength ?? 50;
    this.out = options.out === null ? null : writerFor('ProgressBar', options.out, options.terminal);
    this.callback = options.callback ?? null;
  }

  call(trainer: Trainer): void {
    if (trainer.updater.iteration % this.updateInterval === 0) this.draw(trainer);
  }

  /** The numbers and lines of the progress at this point of training. */
  status(trainer: Trainer, now = seconds()): ProgressStatus {
    const updater = trainer.updater;
    const iteration = updater.iteration;
    const epochDetail = updater.epochDetail;
    if (this.trainingLength === null) {
      const length = trainer.stopTrigger.getTrainingLength?.();
      if (!length) throw new Error('ProgressBar: the stop trigger does not tell the training length; pass trainingLength: [length, unit]');
      this.trainingLength = length;
    }
    const [length, unit] = this.trainingLength;
    const rate = Math.min(unit === 'iteration' ? iteration / length : epochDetail / length, 1);
    const epochRate = epochDetail - Math.trunc(epochDetail);
    const bar = (r: number) => {
      const marks = '#'.repeat(Math.trunc(r * this.barLength));
      return `[${marks}${'.'.repeat(this.barLength - marks.length)}]`;
    };
    const [itersPerSec, epochsPerSec] = this.speed.update(iteration, epochDetail, now);
    const eta = Math.max(unit === 'iteration' ? (length - iteration) / itersPerSec : (length - epochDetail) / epochsPerSec, 0);
    const lines = [
      `     total ${bar(rate)} ${formatPercent(rate)}\n`,
      `this epoch ${bar(epochRate)} ${formatPercent(epochRate)}\n`,
      `${String(iteration).padStart(10)} iter, ${updater.epoch} epoch / ${length} ${unit}s\n`,
      `${formatG(itersPerSec, 5).padStart(10)} iters/sec. Estimated time to finish: ${formatTimedelta(eta)}.\n`,
    ];
    return { iteration, epoch: updater.epoch, epochDetail, rate, epochRate, itersPerSec, etaSeconds: eta, trainingLength: [length, unit], lines };
  }

  private draw(trainer: Trainer): void {
    const status = this.status(trainer);
    this.callback?.(status);
    const out = this.out;
    if (!out) return;
    if (out.terminal) {
      // Erase below the cursor, draw, and move back up so the next draw overwrites it.
      out.write(`\x1b[J${status.lines.join('')}\x1b[${status.lines.length}A`);
      this.drawnLines = status.lines.length;
    } else {
      const [length, unit] = status.trainingLength;
      out.write(`${formatPercent(status.rate).trim()} of ${length} ${unit}s: ${status.iteration} iter, ${status.epoch} epoch, ${formatG(status.itersPerSec, 5)} iters/sec, ETA ${formatTimedelta(status.etaSeconds)}\n`);
    }
  }

  override finalize(): void {
    if (this.out?.terminal && this.drawnLines) this.out.write('\x1b[J');
  }
}
