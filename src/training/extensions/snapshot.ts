// Snapshots: the trainer (or any serializable object) saved as an .npz file in the output
// directory, with Chainer's key layout (updater/model:main/..., updater/iteration, ...),
// so training can resume with serializers.loadNpz(path, trainer) (chainer snapshot,
// snapshot_object).
import * as io from '../../io/index';
import type { Serializable } from '../../serializers/serializer';
import { loadNpz, saveNpz } from '../../serializers/npz';
import { Extension } from '../extension';
import type { TriggerSpec } from '../trigger';
import type { Trainer } from '../trainer';
import { formatAttributes } from './output';
import { readArguments, readOptions, showValue } from '../../util/options';

export interface SnapshotOptions {
  /**
   * File name in the output directory, formatted with the trainer like Python's
   * str.format ('snapshot_iter_{.updater.iteration}'), or a function of the trainer.
   */
  filename?: string | ((trainer: Trainer) => string);
  /** Saves the object to a path (default serializers.saveNpz). */
  savefun?: ((path: string, target: Serializable) => void) | null;
  /**
   * Writes the snapshot's bytes (default: a file in the output directory, written
   * atomically). Where there is no file system and no writer, the last snapshot is kept
   * in `lastSnapshot`.
   */
  writer?: ((filename: string, outDir: string, bytes: Uint8Array) => void) | null;
  /** Takes a snapshot only when this returns true. */
  condition?: (() => boolean) | null;
  /** Also take a snapshot when the training loop fails. */
  snapshotOnError?: boolean;
  /** Keep only the newest n snapshot files of this name pattern (default -1: keep all). */
  nRetains?: number;
  /** When training starts, load the newest snapshot of this name pattern found in the output directory. */
  autoload?: boolean;
}

const SNAPSHOT_OPTIONS: (keyof SnapshotOptions)[] = ['filename', 'savefun', 'writer', 'condition', 'snapshotOnError', 'nRetains', 'autoload'];

export class Snapshot extends Extension {
  override trigger: TriggerSpec = [1, 'epoch'];
  override priority = -100;
  readonly filename: string | ((trainer: Trainer) => string);
  private readonly target: Serializable | null;
  private readonly savefun: ((path: string, target: Serializable) => void) | null;
  private readonly writer: ((filename: string, outDir: string, bytes: Uint8Array) => void) | null;
  private readonly condition: () => boolean;
  private readonly snapshotOnError: boolean;
  readonly nRetains: number;
  readonly autoload: boolean;
  /** The last snapshot, where it could not be written to a file: its name and bytes. */
  lastSnapshot: { filename: string; bytes: Uint8Array } | null = null;
  /** The file loaded by autoload, if any. */
  loadedFrom: string | null = null;

  constructor(target: Serializable | null, options: SnapshotOptions = {}) {
    super();
    options = readOptions(this.constructor.name, options, SNAPSHOT_OPTIONS);
    if (options.filename !== undefined && typeof options.filename !== 'string' && typeof options.filename !== 'function') {
      throw new TypeError(`${this.constructor.name}: filename must be a string or a function of the trainer, got ${showValue(options.filename)}`);
    }
    this.target = target;
    this.filename = options.filename ?? 'snapshot_iter_{.updater.iteration}';
    this.savefun = options.savefun ?? null;
    this.writer = options.writer ?? null;
    this.condition = options.condition ?? (() => true);
    this.snapshotOnError = !!options.snapshotOnError;
    this.nRetains = options.nRetains ?? -1;
    this.autoload = !!options.autoload;
  }

  override get defaultName(): string {
    // Chainer 7's class is _Snapshot.
    return '_Snapshot';
  }

  private targetOf(trainer: Trainer): Serializable {
    return this.target ?? trainer;
  }

  /** Prefix and suffix around the formatted part of a string filename (Chainer matches snapshot files so). */
  private pattern(): [string, string] | null {
    if (typeof this.filename !== 'string') return null;
    const f = this.filename;
    return [f.split('{')[0], f.includes('}') ? f.slice(f.lastIndexOf('}') + 1) : ''];
  }

  /** Whether a file name matches the filename pattern (never for a function filename). */
  private matches(name: string): boolean {
    const p = this.pattern();
    return !!p && name.startsWith(p[0]) && name.endsWith(p[1]) && io.tempFileTarget(name) === null;
  }

  /**
   * Snapshot files in `dir` matching the filename pattern, oldest first. Files written within
   * one tick of the file system's clock (snapshot_iter_8, then snapshot_iter_12) go by their
   * numbers; Chainer sorts such ties by name, which took _8 for the newer.
   */
  private findSnapshots(dir: string): string[] {
    if (!this.pattern() || !io.hasFileSystem() || !io.exists(dir)) return [];
    return io.listDir(dir)
      .filter((name) => this.matches(name))
      .map((name) => ({ name, time: io.modifiedTime(io.joinPath(dir, name)) }))
      .sort((a, b) => a.time - b.time || a.name.localeCompare(b.name, 'en', { numeric: true }))
      .map((e) => e.name);
  }

  override initialize(trainer: Trainer): void {
    if (!this.autoload) return;
    const files = this.findSnapshots(trainer.out);
    if (files.length === 0) return;
    const latest = io.joinPath(trainer.out, files[files.length - 1]);
    loadNpz(latest, this.targetOf(trainer));
    this.loadedFrom = latest;
  }

  call(trainer: Trainer): void {
    if (this.condition()) this.makeSnapshot(trainer);
  }

  override onError(trainer: Trainer): void {
    if (this.snapshotOnError) this.makeSnapshot(trainer);
  }

  private makeSnapshot(trainer: Trainer): void {
    const target = this.targetOf(trainer);
    const filename = typeof this.filename === 'function' ? this.filename(trainer) : formatAttributes(this.filename, trainer);
    const outDir = trainer.out;
    // what interrupted snapshots of this name pattern left behind (an interrupted write to
    // this very file is cleaned up by the write itself)
    io.removeTempFiles(outDir, (name) => this.matches(name));
    if (this.savefun) {
      this.savefun(io.joinPath(outDir, filename), target);
    } else {
      const bytes = saveNpz(target);
      if (this.writer) this.writer(filename, outDir, bytes);
      else if (io.hasFileSystem()) io.writeAtomic(io.joinPath(outDir, filename), bytes, 'snapshot');
      else this.lastSnapshot = { filename, bytes };
    }
    if (this.nRetains > 0) {
      const files = this.findSnapshots(outDir);
      for (const stale of files.slice(0, Math.max(0, files.length - this.nRetains))) io.remove(io.joinPath(outDir, stale));
    }
  }
}

/** Saves the trainer (every state needed to resume) once per epoch by default. */
export function snapshot(options: SnapshotOptions & { target?: Serializable | null } = {}): Snapshot {
  // Chainer's snapshot(target=...): that object is saved in place of the trainer.
  const { target = null, ...rest } = readOptions('Snapshot', options, ['filename', 'savefun', 'writer', 'condition', 'snapshotOnError', 'nRetains', 'autoload', 'target']);
  if (target !== null && typeof target?.serialize !== 'function') throw new TypeError('Snapshot: target must have a serialize(serializer) method');
  return new Snapshot(target, rest);
}

/**
 * Saves `target` (e.g. the model) to `filename`, formatted with the trainer, once per epoch
 * by default. As Chainer's snapshot_object(target, filename, savefun, **kwargs): the
 * filename and savefun positionally or in the options (`{filename: 'model_{.updater.epoch}'}`).
 */
export function snapshotObject(target: Serializable, filename: string | ((trainer: Trainer) => string), options?: Omit<SnapshotOptions, 'filename'>): Snapshot;
export function snapshotObject(target: Serializable, options: SnapshotOptions & { filename: string | ((trainer: Trainer) => string) }): Snapshot;
export function snapshotObject(target: Serializable, ...args: unknown[]): Snapshot {
  if (!target || typeof target.serialize !== 'function') throw new TypeError('snapshotObject: target must have a serialize(serializer) method');
  const options = readArguments<SnapshotOptions>('snapshotObject', args, ['filename', 'savefun'], SNAPSHOT_OPTIONS);
  if (options.filename === undefined) throw new TypeError('snapshotObject: filename is required (a name such as \'model_{.updater.epoch}\', or a function of the trainer)');
  return new Snapshot(target, options);
}
