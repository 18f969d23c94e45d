// .npz files as Chainer reads and writes them (serializers.save_npz / load_npz): a zip
// archive holding one `<key>.npy` member per value, deflated like numpy.savez_compressed.
import * as io from '../io/index';
import type { Serializable, SerialValue } from './serializer';
import { encodeNpy, NpyArray } from './npy';
import { toNpy } from './convert';
import { writeZip } from './zip';
import { NpzFile } from './npz-file';
import { DictionarySerializer } from './dictionary-serializer';
import { NpzDeserializer, type IgnoreNames } from './npz-deserializer';
import { type ArgumentsOf, checkBoolean, isOptionsObject, readArguments, showValue } from '../util/options';

export interface SaveNpzOptions {
  /** Deflate the members as numpy.savez_compressed does (default), or store them as numpy.savez. */
  compression?: boolean;
}

export interface LoadNpzOptions {
  /** Fail on keys the object asks for that the file lacks (default true); keys the object does not ask for never fail a load. */
  strict?: boolean;
  /** Where the object's state lies within the file, e.g. `'updater/model:main/'` in a trainer snapshot. */
  path?: string;
  /** Keys to leave as they are, as Chainer's ignore_names: a full key (`path` included), a predicate on the keys, or an array of them. */
  ignoreNames?: IgnoreNames;
}

/** The bytes of an .npz archive holding `arrays` (numpy.savez_compressed, or numpy.savez without compression). */
export function writeNpz(arrays: ReadonlyMap<string, NpyArray> | Readonly<Record<string, NpyArray>>, options: SaveNpzOptions = {}): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  return writeZip(entries.map(([key, a]): [string, Uint8Array] => [`${key}.npy`, encodeNpy(a)]), options);
}

/**
 * Every array of an .npz archive by key (the member name without `.npy`), like
 * numpy.load. Deflated and stored members are both read; damage anywhere (zip
 * structure, CRC, deflate stream, .npy header or data) is an error naming `label`'s
 * file and the member.
 */
export function readNpz(bytes: Uint8Array | ArrayBuffer, label = 'readNpz'): Map<string, NpyArray> {
  const file = new NpzFile(bytes, label);
  return new Map([...file.keys()].map((key) => [key, file.get(key)!]));
}

/**
 * Saves an object's state (a Link, an Optimizer, a Trainer...) the way Chainer does.
 *
 * - `saveNpz('model.npz', obj)`: writes the file (Node, Deno) through a temporary file
 *   renamed over the target, so a crash never leaves a half-written file. The path is
 *   used as given (no extension is added, as Chainer's snapshots have none).
 * - `saveNpz(null, obj)` or `saveNpz(obj)`: returns the file's bytes (any runtime, e.g.
 *   to download or store them in a browser).
 * - `obj` may also be a dictionary of arrays (`{W: w, b: b}` or a Map), written as it is,
 *   as Chainer's save_npz writes a dict.
 */
export function saveNpz(target: string, obj: Serializable | NpzDictionary, compression?: boolean | SaveNpzOptions): void;
export function saveNpz(target: null | undefined, obj: Serializable | NpzDictionary, compression?: boolean | SaveNpzOptions): Uint8Array;
export function saveNpz(obj: Serializable | NpzDictionary, compression?: boolean | SaveNpzOptions): Uint8Array;
export function saveNpz(
  target: string | null | undefined | Serializable | NpzDictionary,
  obj?: Serializable | NpzDictionary | boolean | SaveNpzOptions,
  compression?: boolean | SaveNpzOptions,
): Uint8Array | void {
  if (isSerializable(target) || isDictionary(target)) return saveNpz(null, target, obj as boolean | SaveNpzOptions | undefined);
  // Chainer's save_npz(file, obj, compression=True).
  const options = readArguments('saveNpz', [compression], ['compression'], { compression: true });
  checkBoolean('saveNpz', 'compression', options.compression);
  const what = obj as Serializable | NpzDictionary;
  if (!isSerializable(what) && !isDictionary(what)) throw new TypeError(`saveNpz: obj must have a serialize(serializer) method or be a dictionary of arrays, got ${showValue(what)}`);
  if (target != null && typeof target !== 'string') throw new TypeError(`saveNpz: target must be a file path, null or omitted, got ${typeof target}`);
  const bytes = writeNpz(isSerializable(what) ? new DictionarySerializer().save(what) : dictionaryArrays(what), options);
  if (typeof target !== 'string') return bytes;
  io.writeAtomic(target, bytes, 'saveNpz');
}

/**
 * Loads an .npz file (a path in Node and Deno, or its bytes anywhere) into `obj`, as
 * Chainer's load_npz. All or nothing: every key, shape and dtype is checked before
 * anything changes; a mismatch, or a damaged member the object needs, throws one error
 * that lists every problem and leaves `obj` exactly as it was. Keys the object does not
 * ask for are ignored, as by Chainer (strict only requires the object's keys to be there).
 * As with numpy.load, members are inflated only when asked for: the others are never read.
 */
export function loadNpz(source: string | Uint8Array | ArrayBuffer, obj: Serializable, ...args: ArgumentsOf<LoadNpzOptions>): void {
  // Chainer's load_npz(file, obj, path='', strict=True, ignore_names=None).
  const options = readArguments<LoadNpzOptions>('loadNpz', args, ['path', 'strict', 'ignoreNames'], ['path', 'strict', 'ignoreNames']);
  if (!isSerializable(obj)) throw new TypeError(`loadNpz: obj must have a serialize(serializer) method, got ${showValue(obj)}`);
  let bytes: Uint8Array;
  let name: string;
  if (typeof source === 'string') {
    bytes = io.readBytes(source, 'loadNpz');
    name = `'${source}'`;
  } else if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
    name = `the given bytes`;
  } else {
    throw new TypeError(`loadNpz: source must be a file path, a Uint8Array or an ArrayBuffer, got ${showValue(source)}`);
  }
  const npz = new NpzFile(bytes, `loadNpz: ${name}`);
  new NpzDeserializer(npz, { ...options, source: name }).load(obj, 'loadNpz');
}

/**
 * Keys and values Chainer's save_npz writes as they are (a dict, serialized by no one):
 * arrays, and the scalars, strings and None a serializer would write.
 */
export type NpzDictionary = Readonly<Record<string, SerialValue | NpyArray>> | ReadonlyMap<string, SerialValue | NpyArray>;

function isDictionary(x: unknown): x is NpzDictionary {
  return x instanceof Map || (isOptionsObject(x) && !isSerializable(x));
}

function dictionaryArrays(d: NpzDictionary): Map<string, NpyArray> {
  const entries = d instanceof Map ? [...d] : Object.entries(d);
  return new Map(entries.map(([key, v]) => [key, v instanceof NpyArray ? v : toNpy(v, undefined, `saveNpz: '${key}'`)]));
}

function isSerializable(x: unknown): x is Serializable {
  return typeof x === 'object' && x !== null && typeof (x as Serializable).serialize === 'function';
}
