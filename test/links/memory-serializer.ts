// An in-memory Serializer for tests: saving records values under '/'-joined keys, loading
// returns them (a missing key is an error, as in Chainer's strict npz loading).
import { Serializer, type SerialValue } from '../../src/serializers/index';

export class MemorySerializer extends Serializer {
  constructor(readonly store: Map<string, SerialValue>, readonly isLoading: boolean, readonly prefix = '') { super(); }

  child(name: string): Serializer {
    return new MemorySerializer(this.store, this.isLoading, `${this.prefix}${name}/`);
  }

  override has(key: string): boolean {
    return this.isLoading && this.store.has(this.prefix + key);
  }

  value<T extends SerialValue>(key: string, value: T): T {
    const k = this.prefix + key;
    if (!this.isLoading) {
      this.store.set(k, value);
      return value;
    }
    if (!this.store.has(k)) throw new Error(`MemorySerializer: no value for key '${k}'`);
    return this.store.get(k) as T;
  }
}
