// A protobuf reader for the tests, independent of the exporter's writer: it reads back
// what an exported model declares (opset, operators, initializers, input and output shapes).
type Value = bigint | Uint8Array;

/** Reads base-128 varints from bytes, starting at `at`. */
function varintReader(bytes: Uint8Array) {
  const r = {
    at: 0,
    next(): bigint {
      let v = 0n, shift = 0n, b: number;
      do { b = bytes[r.at++]; v |= BigInt(b & 0x7f) << shift; shift += 7n; } while (b & 0x80);
      return v;
    },
  };
  return r;
}

/** Fields of a message by number, each a list of varints or byte strings (fixed32 as bytes). */
function fields(bytes: Uint8Array): Map<number, Value[]> {
  const out = new Map<number, Value[]>();
  const r = varintReader(bytes);
  const varint = () => r.next();
  while (r.at < bytes.length) {
    const key = Number(varint());
    const field = key >> 3, wire = key & 7;
    let value: Value;
    if (wire === 0) value = varint();
    else if (wire === 2) { const n = Number(varint()); value = bytes.subarray(r.at, r.at + n); r.at += n; }
    else if (wire === 5) { value = bytes.subarray(r.at, r.at + 4); r.at += 4; }
    else throw new Error(`unexpected wire type ${wire}`);
    if (!out.has(field)) out.set(field, []);
    out.get(field)!.push(value);
  }
  return out;
}

const text = (v: Value | undefined) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : '');
const all = (m: Map<number, Value[]>, f: number) => m.get(f) ?? [];
const one = (m: Map<number, Value[]>, f: number) => all(m, f)[0];

/** Packed or unpacked repeated varints (as signed int64). */
function ints(m: Map<number, Value[]>, f: number): number[] {
  const signed = (v: bigint) => Number(BigInt.asIntN(64, v));
  return all(m, f).flatMap((v) => {
    if (typeof v === 'bigint') return [signed(v)];
    const r = varintReader(v), out: number[] = [];
    while (r.at < v.length) out.push(signed(r.next()));
    return out;
  });
}

export interface DecodedModel {
  irVersion: number;
  opset: number;
  ops: string[];
  initializers: Map<string, number[]>;
  inputs: Map<string, (number | string | null)[] | null>;
  outputs: Map<string, (number | string | null)[] | null>;
}

/** A value's name and dimensions (null without a shape: of unknown rank). */
function valueInfo(bytes: Uint8Array): [string, (number | string | null)[] | null] {
  const v = fields(bytes);
  const tensor = fields(one(fields(one(v, 2) as Uint8Array), 1) as Uint8Array);
  if (!tensor.has(2)) return [text(one(v, 1)), null];
  const shape = fields(one(tensor, 2) as Uint8Array);
  const dims = all(shape, 1).map((d) => {
    const dim = fields(d as Uint8Array);
    return dim.has(2) ? text(one(dim, 2)) : dim.has(1) ? Number(one(dim, 1)) : null;
  });
  return [text(one(v, 1)), dims];
}

export function decodeModel(bytes: Uint8Array): DecodedModel {
  const model = fields(bytes);
  const graph = fields(one(model, 7) as Uint8Array);
  const opset = fields(one(model, 8) as Uint8Array);
  return {
    irVersion: Number(one(model, 1)),
    opset: Number(one(opset, 2)),
    ops: all(graph, 1).map((n) => text(one(fields(n as Uint8Array), 4))),
    initializers: new Map(all(graph, 5).map((t) => { const f = fields(t as Uint8Array); return [text(one(f, 8)), ints(f, 1)]; })),
    inputs: new Map(all(graph, 11).map((v) => valueInfo(v as Uint8Array))),
    outputs: new Map(all(graph, 12).map((v) => valueInfo(v as Uint8Array))),
  };
}
