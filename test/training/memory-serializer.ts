// An in-memory Serializer for tests: saving fills a flat map of '/'-joined keys, loading
// reads it back and fails on a missing key, as Chainer's npz deserializer does.
import { NDArray, array } from '../../src/index';
import { Serializer, type SerialValue, type ScalarKind } from '../../src/serializers/index';

export type Store = Map<string, { value: SerialValue; kind?: ScalarKind }>;

export class MemorySerializer extends Serializer {
  readonly isLoading = false;
  constructor(readonly store: Store = new Map(), private readonly path = '') { super(); }
  child(name: string): Serializer { return new MemorySerializer(this.store, `${this.path}${name}/`); }
  value<T extends SerialValue>(key: string, value: T, kind?: ScalarKind): T {
    const copy = value instanceof NDArray ? array(value) : ArrayBuffer.isView(value) ? (value as unknown as Int32Array).slice() : value;
    this.store.set(this.path + key, { value: copy as SerialValue, kind });
    return value;
  }
}

export class MemoryDeserializer extends Serializer {
  readonly isLoading = true;
  constructor(readonly store: Store, private readonly path = '') { super(); }
  child(name: string): Serializer { return new MemoryDeserializer(this.store, `${this.path}${name}/`); }
  override has(key: string): boolean { return this.store.has(this.path + key); }
  value<T extends SerialValue>(key: string, _value: T): T {
    const entry = this.store.get(this.path + key);
    if (!entry) throw new Error(`MemoryDeserializer: key '${this.path + key}' is not in the store`);
    const v = entry.value;
    return (ArrayBuffer.isView(v) ? (v as unknown as Int32Array).slice() : v) as T;
  }
}

/** Saves obj into a fresh store. */
export function saveToMemory(obj: { serialize(s: Serializer): void }): Store {
  const s = new MemorySerializer();
  obj.serialize(s);
  return s.store;
}

export function loadFromMemory(store: Store, obj: { serialize(s: Serializer): void }): void {
  obj.serialize(new MemoryDeserializer(store));
}
