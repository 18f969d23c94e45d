// Chainer's DictionarySerializer: walks an object once and collects its state as .npy
// arrays under `/`-joined keys (`predictor/l1/W`), ready to be written as an .npz file.
import { Serializer, type ScalarKind, type Serializable, type SerialValue } from './serializer';
import type { NpyArray } from './npy';
import { toNpy } from './convert';

export class DictionarySerializer extends Serializer {
  readonly isLoading = false;

  /**
   * `target` receives the arrays (shared by every child serializer); `path` is the key
   * prefix, empty or ending in `/`.
   */
  constructor(readonly target: Map<string, NpyArray> = new Map(), readonly path = '') {
    super();
  }

  child(name: string): DictionarySerializer {
    return new DictionarySerializer(this.target, `${this.path}${trimSlashes(name)}/`);
  }

  value<T extends SerialValue>(key: string, value: T, kind?: ScalarKind): T {
    const full = this.path + key.replace(/^\/+/, '');
    // as in Chainer, a key written twice keeps the last value
    this.target.set(full, toNpy(value, kind, `DictionarySerializer: '${full}'`));
    return value;
  }

  /** Collects `obj`'s state; returns the target. */
  save(obj: Serializable): Map<string, NpyArray> {
    obj.serialize(this);
    return this.target;
  }
}

export function trimSlashes(name: string): string {
  return name.replace(/^\/+|\/+$/g, '');
}
