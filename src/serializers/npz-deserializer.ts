// Chainer's NpzDeserializer: hands an object the arrays of an .npz file as it walks its
// state. `load(obj)` first walks the object with a checker that hands out none of the
// file's arrays and records every problem (missing, misshapen or unconvertible entries);
// only when there is none does the real walk assign the arrays. Keys of the file that the
// object does not ask for are left alone, as Chainer's load_npz leaves them (a snapshot
// loaded into a trainer with other extensions, a model file into a smaller model).
// Whatever a failed load assigned (scalars seen during the check, or anything when the
// object's own checks fail in the real walk) is put back, so a bad file never leaves a
// model half loaded. Read from an NpzFile, the members the object does not ask for are
// never inflated, and an array of the wrong shape is reported from its header alone.
import { NDArray } from '../array/ndarray';
import { Serializer, type ScalarKind, type Serializable, type SerialValue } from './serializer';
import { shapeText, type NpyArray } from './npy';
import { type Conversion, describe, fromNpy, shapeProblem } from './convert';
import { NpzFile, NpzMemberError } from './npz-file';
import { trimSlashes } from './dictionary-serializer';
import { StateBackup } from './state-backup';
import { showValue } from '../util/options';

export interface NpzDeserializerOptions {
  /** Key prefix of the object's state within the file, e.g. `updater/model:main/`. */
  path?: string;
  /**
   * Strict (default): every key the object asks for must be in the file. Not strict:
   * missing keys leave the object's values as they are. As in Chainer, keys of the file
   * that the object does not ask for are ignored either way.
   */
  strict?: boolean;
  /**
   * Keys to leave alone: a full key of the file (`path` included, as Chainer compares the
   * names with `path + key`), a predicate on the keys, or an array of them.
   */
  ignoreNames?: IgnoreNames;
  /** Names the file in messages. */
  source?: string;
}

/** Chainer's ignore_names: a key, a predicate, or a list of them. */
export type IgnoreName = string | ((key: string) => boolean);
export type IgnoreNames = IgnoreName | readonly IgnoreName[];

/** Whether a full key is to be left alone: it is one of the names, or a predicate holds. */
function ignoring(names: IgnoreNames = []): (fullKey: string) => boolean {
  const list: readonly unknown[] = Array.isArray(names) ? names : [names];
  for (const n of list) {
    if (typeof n !== 'string' && typeof n !== 'function') throw new TypeError(`loadNpz: ignoreNames must be keys or functions, got ${showValue(n)}`);
  }
  return (k) => list.some((n) => (typeof n === 'string' ? trimSlashes(n) === k : (n as (key: string) => boolean)(k)));
}

/** What a check found: members that cannot be read, and entries that do not fit the object. */
interface Problems {
  damage: string[];
  misfits: string[];
}

/** A value converted during the check, with the form of the template it was made for. */
interface Prepared {
  form: string;
  value: SerialValue;
  /** An array made for this load (not the object's own), to free if the load fails. */
  fresh: boolean;
}

/** The arrays a deserializer reads: an NpzFile, or a map of arrays already in memory. */
interface Entries {
  has(key: string): boolean;
  /** The array (an NpzFile inflates it now; a damaged member throws an NpzMemberError). */
  get(key: string): NpyArray | undefined;
  /** The dtype and shape alone. */
  header(key: string): { dtypeName: string; descr: string; shape: readonly number[] } | undefined;
}

function entriesOf(npz: ReadonlyMap<string, NpyArray> | NpzFile): Entries {
  if (npz instanceof NpzFile) return npz;
  return { has: (k) => npz.has(k), get: (k) => npz.get(k), header: (k) => npz.get(k) };
}

/** What a deserializer and its children share. */
class Shared {
  readonly root: string;
  readonly strict: boolean;
  readonly ignored: (fullKey: string) => boolean;
  readonly source: string;
  /** Filled by a successful check; read by the walk that assigns. */
  readonly prepared = new Map<string, Prepared>();
  readonly npz: Entries;

  constructor(npz: ReadonlyMap<string, NpyArray> | NpzFile, options: NpzDeserializerOptions) {
    this.npz = entriesOf(npz);
    const p = trimSlashes(options.path ?? '');
    this.root = p ? `${p}/` : '';
    this.strict = options.strict ?? true;
    this.ignored = ignoring(options.ignoreNames);
    this.source = options.source ?? 'npz';
  }
}

/** Identifies what a template asks for, so that a prepared value matches only its own request. */
function formOf(template: SerialValue, kind: ScalarKind | undefined): string {
  if (template instanceof NDArray) return `array ${template.dtype} ${shapeText(template.shape)} ${template.device}`;
  if (template === null) return 'null';
  if (ArrayBuffer.isView(template)) return template.constructor.name;
  return `${typeof template} ${kind ?? ''}`;
}

abstract class NpzWalker extends Serializer {
  readonly isLoading = true;

  protected constructor(protected readonly shared: Shared, readonly path: string) {
    super();
  }

  /** The full key and whether the caller asked to leave it alone. */
  protected locate(key: string): { full: string; ignored: boolean } {
    const full = this.path + key.replace(/^\/+/, '');
    return { full, ignored: this.shared.ignored(full) };
  }

  override has(key: string): boolean {
    const { full, ignored } = this.locate(key);
    return !ignored && this.shared.npz.has(full);
  }

  override get strict(): boolean {
    return this.shared.strict;
  }
}

/**
 * Walks an object as a load would and records every problem. Arrays are never handed
 * out: the object gets its own arrays back, so parameters and optimizer state stay as
 * they are. Scalars, strings and index arrays come from the file, so that state whose
 * layout depends on them (a DictSummary's names) is walked as the load will walk it;
 * what the object assigns from them is restored when the check fails.
 */
class NpzChecker extends NpzWalker {
  constructor(shared: Shared, path: string, private readonly problems: Problems) {
    super(shared, path);
  }

  child(name: string): NpzChecker {
    return new NpzChecker(this.shared, `${this.path}${trimSlashes(name)}/`, this.problems);
  }

  /** The stored array, or null after recording why it does not fit or cannot be read. */
  private stored(full: string, template: SerialValue): NpyArray | null {
    try {
      const header = this.shared.npz.header(full)!;
      // a misshapen array is reported without inflating it
      const misfit = template instanceof NDArray && header.descr !== '|O' ? shapeProblem(header.shape, template.shape) : null;
      if (misfit) {
        this.problems.misfits.push(`'${full}': ${misfit}`);
        return null;
      }
      return this.shared.npz.get(full)!;
    } catch (e) {
      if (!(e instanceof NpzMemberError)) throw e;
      this.problems.damage.push(`'${full}': ${e.problem}`);
      return null;
    }
  }

  value<T extends SerialValue>(key: string, template: T, kind?: ScalarKind): T {
    const { full, ignored } = this.locate(key);
    if (ignored) return template;
    if (!this.shared.npz.has(full)) {
      if (this.shared.strict) this.problems.misfits.push(`missing key '${full}' (${describe(template)} in the object)`);
      return template;
    }
    const stored = this.stored(full, template);
    if (!stored) return template;
    const c = fromNpy(stored, template, kind);
    if (!c.ok) {
      this.problems.misfits.push(`'${full}': ${c.problem}`);
      return template;
    }
    this.shared.prepared.set(full, { form: formOf(template, kind), value: c.value, fresh: c.value instanceof NDArray && c.value !== template });
    return template === null || template instanceof NDArray ? template : c.value as T;
  }
}

export class NpzDeserializer extends NpzWalker {
  /**
   * `npz` maps keys to arrays (see `readNpz`). Options as in Chainer's `load_npz`:
   * `path`, `strict`, `ignoreNames`.
   */
  constructor(npz: ReadonlyMap<string, NpyArray> | NpzFile, options?: NpzDeserializerOptions);
  /** @internal a child sharing its parent's state */
  constructor(npz: Shared, path: string);
  constructor(npz: ReadonlyMap<string, NpyArray> | NpzFile | Shared, options: NpzDeserializerOptions | string = {}) {
    const s = npz instanceof Shared ? npz : new Shared(npz, options as NpzDeserializerOptions);
    super(s, typeof options === 'string' ? options : s.root);
  }

  child(name: string): NpzDeserializer {
    return new NpzDeserializer(this.shared, `${this.path}${trimSlashes(name)}/`);
  }

  value<T extends SerialValue>(key: string, template: T, kind?: ScalarKind): T {
    const { full, ignored } = this.locate(key);
    if (ignored) return template;
    const prepared = this.shared.prepared.get(full);
    if (prepared && prepared.form === formOf(template, kind)) return prepared.value as T;
    const stored = this.shared.npz.get(full);
    if (!stored) {
      if (!this.shared.strict) return template;
      throw new Error(`NpzDeserializer: ${this.shared.source}: key '${full}' is not in the file`);
    }
    const c: Conversion = fromNpy(stored, template, kind);
    if (!c.ok) throw new Error(`NpzDeserializer: ${this.shared.source}: '${full}': ${c.problem}`);
    return c.value as T;
  }

  /**
   * Loads `obj` all or nothing. A first walk checks every key, shape and dtype and
   * converts the values without touching the object's arrays; if anything is wrong, the
   * object is restored to its state before the call and one error lists every problem.
   * Otherwise a second walk assigns the values. Should that walk still fail (a check of
   * the object's own), the object is restored too.
   */
  load(obj: Serializable, op = 'NpzDeserializer.load'): void {
    const s = this.shared;
    const where = `${op}: ${s.source}${this.path ? ` under '${this.path}'` : ''}`;
    const backup = StateBackup.capture(obj);
    s.prepared.clear();
    const problems: Problems = { damage: [], misfits: [] };
    try {
      obj.serialize(new NpzChecker(s, this.path, problems));
    } catch (e) {
      problems.misfits.push(`${obj.constructor?.name ?? 'the object'}.serialize failed on the file's values: ${(e as Error)?.message ?? e}`);
    }
    const all = [...problems.damage, ...problems.misfits];
    if (all.length) {
      this.discardPrepared();
      const restored = backup.restore(obj);
      const what = problems.damage.length ? `is damaged${problems.misfits.length ? ' and does not fit the object' : ''}` : 'does not fit the object';
      throw new Error(`${where} ${what}; nothing was loaded${restored} (${all.length} problem${all.length > 1 ? 's' : ''}):\n  ${all.join('\n  ')}`);
    }
    try {
      obj.serialize(this);
    } catch (e) {
      throw new Error(`${where}: loading failed${backup.restore(obj)}: ${(e as Error)?.message ?? e}`);
    } finally {
      s.prepared.clear();
    }
  }

  private discardPrepared(): void {
    for (const { value, fresh } of this.shared.prepared.values()) if (fresh) (value as NDArray).dispose();
    this.shared.prepared.clear();
  }
}
