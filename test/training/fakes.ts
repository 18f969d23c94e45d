// Stand-ins for the updater and optimizer, so the trainer's loop, triggers and extensions
// can be tested on their own: each update advances the iteration and reports nothing.
import { training } from '../../src/index';
import type { Serializer } from '../../src/serializers/index';

export class FakeUpdater implements training.Updater {
  iteration = 0;
  previousEpochDetail: number | null = null;
  finalized = 0;
  optimizers: Record<string, training.updaters.UpdaterOptimizer> = {};
  /** Called in every update, e.g. to report values. */
  onUpdate: (iteration: number) => void = () => {};

  constructor(readonly iterationsPerEpoch: number) {}

  get epochDetail(): number { return this.iteration / this.iterationsPerEpoch; }
  get epoch(): number { return Math.floor(this.epochDetail); }
  get isNewEpoch(): boolean { return this.iteration > 0 && this.iteration % this.iterationsPerEpoch === 0; }

  update(): void {
    this.previousEpochDetail = this.epochDetail;
    this.iteration++;
    this.onUpdate(this.iteration);
  }

  connectTrainer(): void {}
  finalize(): void { this.finalized++; }
  getOptimizer(name: string) { return this.optimizers[name]; }
  getAllOptimizers() { return this.optimizers; }
  getIterator(): never { throw new Error('FakeUpdater has no iterators'); }
  serialize(s: Serializer): void { this.iteration = s.value('iteration', this.iteration, 'int'); }
}

/** Collects what an extension prints. */
export function capture(): { out: (t: string) => void; text: () => string } {
  let text = '';
  return { out: (t) => { text += t; }, text: () => text };
}
