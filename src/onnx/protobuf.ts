// Protocol-buffer wire format, only the writing half and only what ONNX's messages use:
// varints (wire type 0), length-delimited bytes, strings and nested messages (wire type 2),
// 32-bit floats (wire type 5) and packed repeated varints. A message is the concatenation
// of its encoded fields; absent fields encode to nothing.

const utf8 = new TextEncoder();

export type Field = Uint8Array;

const VARINT = 0, FIXED32 = 5, LENGTH_DELIMITED = 2;

/** Base-128 varint; negative int64 values take ten bytes (two's complement), as protobuf's. */
function varint(value: number | bigint, out: number[] = []): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? low | 0x80 : low);
  } while (v);
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

const tag = (field: number, wireType: number) => varint((field << 3) | wireType);

/** An int32/int64/enum field. */
export function intField(field: number, value: number | bigint): Field {
  return Uint8Array.from(varint(value, tag(field, VARINT)));
}

/** A float field (little-endian IEEE 754 single). */
export function floatField(field: number, value: number): Field {
  const out = new Uint8Array([...tag(field, FIXED32), 0, 0, 0, 0]);
  new DataView(out.buffer).setFloat32(out.length - 4, value, true);
  return out;
}

/** A bytes, string or embedded-message field. */
export function bytesField(field: number, data: Uint8Array | string): Field {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  return concatBytes([Uint8Array.from(varint(bytes.length, tag(field, LENGTH_DELIMITED))), bytes]);
}

/** A packed repeated int32/int64 field (nothing when empty). */
export function packedIntsField(field: number, values: readonly number[]): Field {
  if (values.length === 0) return new Uint8Array(0);
  const body: number[] = [];
  for (const v of values) varint(v, body);
  return bytesField(field, Uint8Array.from(body));
}

/** A message from its fields; null and undefined entries are absent fields. */
export function message(...fields: (Field | readonly Field[] | null | undefined)[]): Uint8Array {
  return concatBytes(fields.flatMap((f) => (f == null ? [] : f instanceof Uint8Array ? [f] : f)));
}
