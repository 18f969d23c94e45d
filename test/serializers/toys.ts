// Small hand-written objects that walk their state the way Chainer's links, optimizers and
// iterators do, for testing the serializers on their own.
import { NDArray, array, serializers, type TypedArray } from '../../src/index';
import { assert } from '../util';

type Serializer = serializers.Serializer;

/** A Linear-like link: W (out, in) and b (out,); W may be uninitialized (null). */
export class ToyLinear {
  W: NDArray | null;
  b: NDArray;
  constructor(inSize: number | null, outSize: number, seed = 1) {
    this.W = inSize === null ? null : array(pattern(outSize * inSize, seed), { shape: [outSize, inSize] });
    this.b = array(pattern(outSize, seed + 7), { shape: [outSize] });
  }
  serialize(s: Serializer): void {
    // Chainer's order: own parameters sorted by name
    this.W = s.value('W', this.W);
    this.b = s.value('b', this.b);
  }
}

/** A chain of named children, serialized in sorted name order as Chainer does. */
export class ToyChain {
  constructor(readonly children: Record<string, { serialize(s: Serializer): void }>) {}
  serialize(s: Serializer): void {
    for (const name of Object.keys(this.children).sort()) this.children[name].serialize(s.child(name));
  }
}

export function toyMlp(seed = 1, sizes: [number, number, number] = [4, 3, 2]): ToyChain {
  return new ToyChain({ predictor: new ToyChain({ l1: new ToyLinear(sizes[0], sizes[1], seed), l2: new ToyLinear(sizes[1], sizes[2], seed + 100) }) });
}

/** BatchNormalization's state: params, float persistents and an int counter. */
export class ToyBatchNorm {
  gamma: NDArray; beta: NDArray; avg_mean: NDArray; avg_var: NDArray; N = 0;
  constructor(size: number, seed = 3) {
    this.gamma = array(pattern(size, seed), { shape: [size] });
    this.beta = array(pattern(size, seed + 1), { shape: [size] });
    this.avg_mean = array(pattern(size, seed + 2), { shape: [size] });
    this.avg_var = array(pattern(size, seed + 3), { shape: [size] });
  }
  serialize(s: Serializer): void {
    this.beta = s.value('beta', this.beta);
    this.gamma = s.value('gamma', this.gamma);
    this.avg_mean = s.value('avg_mean', this.avg_mean);
    this.avg_var = s.value('avg_var', this.avg_var);
    this.N = s.value('N', this.N, 'int');
  }
}

/** SerialIterator's state, with its Python types. */
export class ToyIterator {
  current_position = 0;
  epoch = 0;
  is_new_epoch = false;
  order: Int32Array | null = null;
  previous_epoch_detail = -1;
  serialize(s: Serializer): void {
    this.current_position = s.value('current_position', this.current_position, 'int');
    this.epoch = s.value('epoch', this.epoch, 'int');
    this.is_new_epoch = s.value('is_new_epoch', this.is_new_epoch);
    // None, or an index array; when ours is None, a stored one comes back as an int32 NDArray
    const order: serializers.SerialValue = s.value<serializers.SerialValue>('order', this.order);
    this.order = order instanceof NDArray ? Int32Array.from(order.dataSync()) : (order as Int32Array | null);
    this.previous_epoch_detail = s.value('previous_epoch_detail', this.previous_epoch_detail, 'float');
  }
}

/** Deterministic float32 values with fractional bits set, distinct per seed. */
export function pattern(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(Math.sin(seed * 12.9898 + i * 78.233) * 3.7);
  return out;
}

/** Every array of an object's state, by key, as a serializer sees it. */
export function stateOf(obj: { serialize(s: Serializer): void }): Map<string, unknown> {
  const out = new Map<string, unknown>();
  class Recorder extends serializers.Serializer {
    readonly isLoading = false;
    constructor(private readonly path: string) { super(); }
    child(name: string) { return new Recorder(`${this.path}${name}/`); }
    value<T extends serializers.SerialValue>(key: string, value: T): T {
      out.set(this.path + key, value instanceof NDArray ? { dtype: value.dtype, shape: [...value.shape], data: value.toTypedArray() } : value);
      return value;
    }
  }
  obj.serialize(new Recorder(''));
  return out;
}

/** Bitwise equality of two states (NaN payloads and -0 included). */
export function assertSameState(actual: Map<string, unknown>, expected: Map<string, unknown>, message = ''): void {
  assert.equal([...actual.keys()], [...expected.keys()], `${message} keys`);
  for (const [k, e] of expected) {
    const a = actual.get(k);
    if (e && typeof e === 'object' && 'data' in (e as object)) {
      const ea = e as { dtype: string; shape: number[]; data: TypedArray };
      const aa = a as typeof ea;
      assert.is(aa.dtype, ea.dtype, `${message} ${k} dtype`);
      assert.equal(aa.shape, ea.shape, `${message} ${k} shape`);
      assert.ok(sameBits(aa.data, ea.data), `${message} ${k} differs bitwise`);
    } else if (ArrayBuffer.isView(e)) {
      assert.ok(ArrayBuffer.isView(a) && a.constructor === e.constructor, `${message} ${k} type`);
      assert.equal(Array.from(a as unknown as ArrayLike<unknown>), Array.from(e as unknown as ArrayLike<unknown>), `${message} ${k}`);
    } else {
      assert.ok(Object.is(a, e), `${message} ${k}: ${String(a)} !== ${String(e)}`);
    }
  }
}

export function sameBits(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
