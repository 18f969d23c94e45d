// What an object's serialize() hands out, kept by reference (arrays are immutable values,
// so this costs no copies) to put the object back as it was when a load fails midway.
import { Serializer, type Serializable, type SerialValue } from './serializer';

class Recorder extends Serializer {
  readonly isLoading = false;
  constructor(private readonly values: Map<string, SerialValue>, private readonly path: string) { super(); }
  child(name: string): Recorder {
    return new Recorder(this.values, `${this.path}${name}/`);
  }
  value<T extends SerialValue>(key: string, value: T): T {
    this.values.set(this.path + key, value);
    return value;
  }
}

class Replayer extends Serializer {
  readonly isLoading = true;
  constructor(private readonly values: Map<string, SerialValue>, private readonly path: string) { super(); }
  child(name: string): Replayer {
    return new Replayer(this.values, `${this.path}${name}/`);
  }
  override has(key: string): boolean {
    return this.values.has(this.path + key);
  }
  value<T extends SerialValue>(key: string, value: T): T {
    const k = this.path + key;
    return this.values.has(k) ? this.values.get(k) as T : value;
  }
}

/** Records what `obj` would save into `values`, under keys starting with `prefix` (empty or ending in '/'). */
export function recordState(obj: Serializable, values: Map<string, SerialValue>, prefix = ''): Map<string, SerialValue> {
  obj.serialize(new Recorder(values, prefix));
  return values;
}

/** Loads recorded values (those under `prefix`) back into `obj`; entries missing stay as they are. */
export function replayState(obj: Serializable, values: Map<string, SerialValue>, prefix = ''): void {
  obj.serialize(new Replayer(values, prefix));
}

export class StateBackup {
  private constructor(private readonly values: Map<string, SerialValue>) {}

  /** Records everything `obj` would save. */
  static capture(obj: Serializable): StateBackup {
    return new StateBackup(recordState(obj, new Map()));
  }

  /** Loads the recorded values back; returns a note for error messages. */
  restore(obj: Serializable): string {
    try {
      replayState(obj, this.values);
      return '';
    } catch (e) {
      return ` (and restoring the object's previous state failed too: ${(e as Error)?.message ?? e})`;
    }
  }
}
