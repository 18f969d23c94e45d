// Evaluator: runs the model over a validation iterator with config.train false and no
// graph, and reports the mean of everything the model reported, prefixed with the
// extension's name: `validation/main/loss`, ... (chainer.training.extensions.Evaluator).
import type { BackendName } from '../../backends/backend';
import { usingConfig, noBackpropMode } from '../../core/config';
import { endStep, nestedSteps } from '../../core/step';
import type { DatasetIterator } from '../../iterators/iterator';
import { concatExamples, type Converter } from '../../datasets/convert';
import { DictSummary, Reporter, report, reportScope, type Observation } from '../reporter';
import { Extension, PRIORITY_WRITER } from '../extension';
import type { TriggerSpec } from '../trigger';
import type { Trainer } from '../trainer';
import type { BatchFunction, TargetLink } from '../updaters/updater';
import { callWithArrays, forwardOf } from '../updaters/standard-updater';
import { type ArgumentsOf, readArguments, showValue } from '../../util/options';
import { type TextOut, type Writer, writerFor } from './output';
import { SpeedMeter } from './progress-bar';
import { formatG, formatPercent, formatTimedelta } from '../util/python';

export interface EvaluatorOptions {
  /** Batch -> arrays (default concatExamples). */
  converter?: Converter;
  /** Backend for the converted arrays. */
  device?: BackendName | null;
  /** Called with the evaluator before each evaluation. */
  evalHook?: ((evaluator: Evaluator) => void) | null;
  /** What to call on each batch (default: the main target's forward). */
  evalFunc?: BatchFunction<unknown> | null;
  /** Draw Chainer's validation progress bar while evaluating (in a terminal; default false). */
  progressBar?: boolean;
  /** Where the progress bar goes (default stdout). */
  out?: TextOut;
}

/** Chainer's _IteratorProgressBar: the position of the evaluation sweep, redrawn in place. */
class SweepProgress {
  private readonly speed = new SpeedMeter();
  private drawn = false;

  constructor(private readonly out: Writer, private readonly iterator: DatasetIterator, private readonly barLength = 50) {
    if (typeof (iterator as { currentPosition?: unknown }).currentPosition !== 'number') {
      throw new TypeError('Evaluator: the progress bar needs an iterator with currentPosition and epochDetail');
    }
  }

  update(): void {
    const position = (this.iterator as unknown as { currentPosition: number }).currentPosition;
    const detail = this.iterator.epochDetail;
    const size = (this.iterator as unknown as { dataset?: { length?: number } }).dataset?.length;
    const marks = '#'.repeat(Math.trunc(detail * this.barLength));
    const [itersPerSec, epochsPerSec] = this.speed.update(position, detail, performance.now() / 1000);
    const lines = [
      `validation [${marks}${'.'.repeat(Math.max(0, this.barLength - marks.length))}] ${formatPercent(detail)}\n`,
      size ? `${String(position).padStart(10)} / ${size} iterations\n` : `${String(position).padStart(10)} iterations\n`,
      `${formatG(itersPerSec, 5).padStart(10)} iters/sec. Estimated time to finish: ${formatTimedelta((1 - detail) / epochsPerSec)}.\n`,
    ];
    this.out.write(`\x1b[J${lines.join('')}\x1b[${lines.length}A`);
    this.drawn = true;
  }

  close(): void {
    if (this.drawn) this.out.write('\x1b[J');
  }
}

function isIterator(x: unknown): x is DatasetIterator {
  return !!x && typeof (x as DatasetIterator).next === 'function' && typeof (x as DatasetIterator).serialize === 'function' && 'epoch' in (x as object);
}

export class Evaluator extends Extension {
  override trigger: TriggerSpec = [1, 'epoch'];
  override priority = PRIORITY_WRITER;
  converter: Converter;
  device: BackendName | null;
  evalHook: ((evaluator: Evaluator) => void) | null;
  evalFunc: BatchFunction<unknown> | null;
  protected readonly iterators: Record<string, DatasetIterator>;
  protected readonly targets: Record<string, TargetLink>;
  /** Where the progress bar is drawn (a terminal), or null without one. */
  private readonly progressOut: Writer | null;

  /** `iterator` and `target` may be single objects (named 'main') or objects of them by name. */
  constructor(iterator: DatasetIterator | Record<string, DatasetIterator>, target: TargetLink | Record<string, TargetLink>,
              ...args: ArgumentsOf<EvaluatorOptions>) {
    super();
    const options = readArguments<EvaluatorOptions>('Evaluator', args, ['converter', 'device', 'evalHook', 'evalFunc'],
      ['converter', 'device', 'evalHook', 'evalFunc', 'progressBar', 'out']);
    this.progressOut = options.progressBar ? writerFor('Evaluator', options.out) : null;
    this.iterators = isIterator(iterator) ? { main: iterator } : { ...iterator };
    if (!isIterator(this.iterators.main)) throw new TypeError('Evaluator: needs an iterator (or an object of iterators with a \'main\' one)');
    if (target === null || typeof target !== 'object') throw new TypeError(`Evaluator: needs a target link (or an object of links with a 'main' one), got ${showValue(target)}`);
    const isLink = typeof (target as TargetLink).serialize === 'function';
    this.targets = isLink ? { main: target as TargetLink } : { ...(target as Record<string, TargetLink>) };
    if (!this.targets.main) throw new TypeError('Evaluator: needs a target link (or an object of links with a \'main\' one)');
    this.converter = options.converter ?? concatExamples as Converter;
    this.device = options.device ?? null;
    this.evalHook = options.evalHook ?? null;
    this.evalFunc = options.evalFunc ?? null;
    for (const [name, it] of Object.entries(this.iterators)) {
      if (it.repeat) {
        console.warn(`Evaluator: the iterator '${name}' has repeat set to true; an evaluation sweeps an iterator until it stops, so this one may never end. Create it with {repeat: false}.`);
      }
    }
  }

  override get defaultName(): string {
    return 'validation';
  }

  getIterator(name: string): DatasetIterator {
    return this.iterators[name];
  }

  getAllIterators(): Record<string, DatasetIterator> {
    return { ...this.iterators };
  }

  getTarget(name: string): TargetLink {
    return this.targets[name];
  }

  getAllTargets(): Record<string, TargetLink> {
    return { ...this.targets };
  }

  /** Evaluates and reports the result to the trainer's observation; returns the result too. */
  call(_trainer?: Trainer): Record<string, number> {
    const reporter = new Reporter();
    const prefix = this.name !== null ? `${this.name}/` : '';
    for (const [name, target] of Object.entries(this.targets)) {
      reporter.addObserver(prefix + name, target);
      if (typeof target.namedlinks === 'function') reporter.addObservers(prefix + name, target.namedlinks(true));
    }
    const result = reporter.use(() => usingConfig('train', false, () => this.evaluate()));
    report(result);
    return result;
  }

  /** The mean of every scalar reported while the model runs over the main iterator. */
  evaluate(): Record<string, number> {
    const iterator = this.iterators.main;
    const evalFunc = this.evalFunc ?? forwardOf('Evaluator', this.targets.main);
    this.evalHook?.(this);
    iterator.reset();
    // A loop of its own (src/core/step.ts): each batch ends a step, and the sweep releases
    // only its own temporaries, never those of the training step it runs in.
    const progress = this.progressOut?.terminal ? new SweepProgress(this.progressOut, iterator) : null;
    return nestedSteps(() => {
      const summary = new DictSummary();
      for (const batch of iterator) {
        const observation: Observation = {};
        reportScope(observation, () => {
          const inArrays = this.converter(batch, this.device);
          noBackpropMode(() => callWithArrays(evalFunc, inArrays));
        });
        summary.add(observation);
        progress?.update();
        endStep();
      }
      progress?.close();
      return summary.computeMean();
    });
  }

  override finalize(): void {
    for (const it of Object.values(this.iterators)) it.finalize();
  }
}
