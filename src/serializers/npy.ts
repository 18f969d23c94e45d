// numpy's .npy format: a magic string, a Python-literal header that names the element
// type, the memory order and the shape, then the elements in C order. Written exactly as
// numpy writes version 1.0 (header padded to a multiple of 64 bytes, with numpy's spare
// room for the first axis); read in versions 1.0 to 3.0, either byte order.
import { shapeString } from '../array/shape';

/** The elements of an .npy array, in C order. Booleans are 0/1 bytes. */
export type NpyData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array
  | Int8Array | Int16Array | Uint16Array | Uint32Array | BigUint64Array | string[] | null[];

/**
 * An array as stored in an .npy file. `descr` is numpy's little-endian type string:
 * `<f4 <f8 <i4 <i8 |u1 |b1 <U{n}` (n characters per element), or `|O` for the Python
 * object None that Chainer writes for uninitialized values (only as a 0-d array).
 */
export class NpyArray {
  readonly shape: readonly number[];
  readonly size: number;

  constructor(readonly descr: string, shape: readonly number[], readonly data: NpyData) {
    const type = elementType(descr, 'NpyArray');
    for (const d of shape) {
      if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`NpyArray: shape ${shapeText(shape)} must hold non-negative integers`);
    }
    this.shape = Object.freeze([...shape]);
    this.size = shape.reduce((a, b) => a * b, 1);
    if (!type.holds(data)) throw new TypeError(`NpyArray: ${descr} data cannot be a ${data.constructor.name}`);
    if (data.length !== this.size) throw new RangeError(`NpyArray: ${data.length} elements do not fill shape ${shapeText(shape)}`);
    if (descr === '|O' && (this.size !== 1 || data[0] !== null)) throw new TypeError('NpyArray: only the 0-d object array None is supported');
  }

  /** numpy's name of the element type: float32, int64, bool, <U5, object... */
  get dtypeName(): string {
    return elementType(this.descr, 'NpyArray').name;
  }
}

// Python's repr of a shape tuple: `()`, `(3,)`, `(2, 3)`, as the arrays' messages write shapes.
export const shapeText = shapeString;

// ---------------------------------------------------------------------------------
// Element types

interface ElementType {
  readonly descr: string;
  readonly name: string;
  /** Bytes per element. */
  readonly itemsize: number;
  holds(data: NpyData): boolean;
  /** Elements from little-endian bytes (a private, aligned copy). */
  decode(bytes: Uint8Array, count: number): NpyData;
}

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type NumericCtor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | BigInt64ArrayConstructor | Uint8ArrayConstructor
  | Int8ArrayConstructor | Int16ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | BigUint64ArrayConstructor;

function numericType(code: string, name: string, Ctor: NumericCtor): ElementType {
  const itemsize = Ctor.BYTES_PER_ELEMENT;
  const bool = code === 'b1';
  return {
    descr: `${itemsize === 1 ? '|' : '<'}${code}`,
    name,
    itemsize,
    holds: (data) => data instanceof Ctor,
    decode(bytes, count) {
      if (!hostIsLittleEndian) swapBytes(bytes, itemsize);
      const out = new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, count);
      if (bool) for (let i = 0; i < count; i++) out[i] = out[i] ? 1 : 0;
      return out;
    },
  };
}

const numericTypes = new Map<string, ElementType>([
  ['f4', numericType('f4', 'float32', Float32Array)],
  ['f8', numericType('f8', 'float64', Float64Array)],
  ['i4', numericType('i4', 'int32', Int32Array)],
  ['i8', numericType('i8', 'int64', BigInt64Array)],
  ['u1', numericType('u1', 'uint8', Uint8Array)],
  ['b1', numericType('b1', 'bool', Uint8Array)],
  // the other integers numpy writes, read so that they load as Chainer casts them
  ['i1', numericType('i1', 'int8', Int8Array)],
  ['i2', numericType('i2', 'int16', Int16Array)],
  ['u2', numericType('u2', 'uint16', Uint16Array)],
  ['u4', numericType('u4', 'uint32', Uint32Array)],
  ['u8', numericType('u8', 'uint64', BigUint64Array)],
]);

/** The numeric and string types, for messages. */
const supported = () => `${[...numericTypes.values()].map((t) => t.descr).join(' ')} <U{n}`;

/**
 * numpy's float16, in which Chainer's mixed16 models save their parameters: read as float32
 * (which holds every half exactly), written back rounded to the nearest half, ties to even.
 */
const halfType: ElementType = {
  descr: '<f2',
  name: 'float16',
  itemsize: 2,
  holds: (data) => data instanceof Float32Array,
  decode(bytes, count) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = halfValue(view.getUint16(2 * i, true));
    return out;
  },
};

function halfValue(h: number): number {
  const sign = h & 0x8000 ? -1 : 1, exponent = (h >> 10) & 0x1f, fraction = h & 0x3ff;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (exponent ? 1024 + fraction : 2 * fraction) * 2 ** (exponent - 25);
}

function halfBits(v: number): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (Number.isNaN(v)) return 0x7e00;
  if (a === Infinity) return sign | 0x7c00;
  // the units of the last place: 2^-24 below 2^-14 (subnormal), else 2^(e - 10)
  const e = a < 2 ** -14 ? -14 : Math.floor(Math.log2(a));
  const exponent = a >= 2 ** (e + 1) ? e + 1 : a < 2 ** e ? e - 1 : e; // log2 may round across a power of two
  const units = roundHalfEven(a / 2 ** (Math.max(exponent, -14) - 10));
  const bits = exponent < -14 || (exponent === -14 && units < 1024) ? units : ((exponent + 15) << 10) + units - 1024;
  return bits >= 0x7c00 ? sign | 0x7c00 : sign | bits;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** numpy's fixed-width unicode strings: n UTF-32 code units per element, NUL-padded. */
function unicodeType(chars: number): ElementType {
  return {
    descr: `<U${chars}`,
    name: `<U${chars}`,
    itemsize: 4 * chars,
    holds: (data) => Array.isArray(data) && data.every((s) => typeof s === 'string' && codePointLength(s) <= chars),
    decode(bytes, count) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const out: string[] = new Array(count);
      for (let i = 0; i < count; i++) {
        const points: number[] = [];
        for (let j = 0; j < chars; j++) {
          const c = view.getUint32(4 * (i * chars + j), true);
          if (c > 0x10ffff) throw new RangeError(`invalid unicode code point 0x${c.toString(16)} in a ${this.descr} element`);
          points.push(c);
        }
        // numpy drops trailing NULs: they are padding
        while (points.length && points[points.length - 1] === 0) points.pop();
        out[i] = String.fromCodePoint(...points);
      }
      return out;
    },
  };
}

/**
 * The 0-d object array None, as pickled by numpy (protocol 2, the oldest layout every
 * numpy reads): `_reconstruct(ndarray, (0,), b'b')` with state
 * `(1, (), dtype('O8'), False, [None])`. Other object arrays are not supported.
 */
const PICKLED_NONE = /* @__PURE__ */ Uint8Array.from(
  '\x80\x02cnumpy.core.multiarray\x0a_reconstruct\x0aq\x00cnumpy\x0andarray\x0aq\x01K\x00\x85q\x02c_codecs\x0aencode\x0aq\x03X\x01\x00\x00\x00bq\x04' +
  'X\x06\x00\x00\x00latin1q\x05\x86q\x06Rq\x07\x87q\x08Rq\x09(K\x01)cnumpy\x0adtype\x0aq\x0aX\x02\x00\x00\x00O8q\x0b\x89\x88\x87q\x0cRq\x0d' +
  '(K\x03X\x01\x00\x00\x00|q\x0eNNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tq\x0fb\x89]q\x10Natq\x11b.',
  (c) => c.charCodeAt(0),
);

const objectType: ElementType = {
  descr: '|O',
  name: 'object',
  itemsize: 0,
  holds: (data) => Array.isArray(data) && data.every((v) => v === null),
  decode() {
    throw new Error('object arrays are decoded from their pickle');
  },
};

/** Recognizes numpy's pickle of a 0-d object array holding None, in any pickle protocol. */
function isPickledNone(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes.length > 1024 || bytes[0] !== 0x80 || bytes[bytes.length - 1] !== 0x2e) return false;
  const text = String.fromCharCode(...bytes);
  // the module path, then the element list: EMPTY_LIST, an optional memo store, NONE, APPEND
  return /multiarray/.test(text) && /_reconstruct/.test(text) && /\](?:q[\s\S]|r[\s\S]{4}|\x94)?Na/.test(text);
}

function elementType(descr: string, op: string): ElementType {
  const t = parseDescr(descr);
  if (!t || t.bigEndian || t.descr !== descr) throw new TypeError(`${op}: unsupported dtype '${descr}' (use ${supported()} or |O)`);
  return t.type;
}

/** Reads a numpy type string in either byte order; null when it is not supported. */
function parseDescr(descr: string): { type: ElementType; bigEndian: boolean; descr: string } | null {
  if (descr === '|O') return { type: objectType, bigEndian: false, descr };
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  if (!m) return null;
  const [, order, letter, digits] = m;
  if (order === '=' && !hostIsLittleEndian) return null;
  const bigEndian = order === '>';
  if (letter === 'U') {
    const chars = Number(digits);
    if (!Number.isSafeInteger(chars) || order === '|') return null;
    return { type: unicodeType(chars), bigEndian, descr };
  }
  const type = letter + digits === 'f2' ? halfType : numericTypes.get(letter + digits);
  if (!type) return null;
  // single bytes have no byte order; numpy writes '|' for them but accepts '<' and '>'
  if (type.itemsize === 1) return { type, bigEndian: false, descr: order === '|' ? descr : type.descr };
  if (order === '|') return null;
  return { type, bigEndian, descr };
}

function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]; bytes[a] = bytes[b]; bytes[b] = t;
    }
  }
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The smallest `<U{n}` that holds every string (numpy never makes `<U0`). */
export function unicodeDescr(strings: readonly string[]): string {
  return `<U${Math.max(1, ...strings.map(codePointLength))}`;
}

// ---------------------------------------------------------------------------------
// Header

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ARRAY_ALIGN = 64;
// numpy leaves room for the first axis to grow to this many digits without rewriting
const GROWTH_AXIS_MAX_DIGITS = 21;
// numpy.load refuses longer headers as unsafe (max_header_size)
const MAX_HEADER_BYTES = 10000;

/** The header numpy writes for this type and shape, including magic and padding. */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  // version 1.0 stores the header length in 2 bytes; 2.0 in 4, for very long headers
  const hlen = dict.length + 1; // the final newline
  const paddedFor = (prefix: number) => hlen + (ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN));
  const lengthBytes = paddedFor(MAGIC.length + 4) <= 0xffff ? 2 : 4;
  const prefix = MAGIC.length + 2 + lengthBytes;
  const padded = paddedFor(prefix);
  const out = new Uint8Array(prefix + padded).fill(0x20);
  out.set(MAGIC);
  out[6] = lengthBytes === 2 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (lengthBytes === 2) view.setUint16(8, padded, true);
  else view.setUint32(8, padded, true);
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
  out[out.length - 1] = 0x0a;
  return out;
}

/** Serializes an array as numpy.save does. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const header = npyHeader(array.descr, array.shape);
  if (array.descr === '|O') {
    const out = new Uint8Array(header.length + PICKLED_NONE.length);
    out.set(header);
    out.set(PICKLED_NONE, header.length);
    return out;
  }
  const type = elementType(array.descr, 'encodeNpy');
  const out = new Uint8Array(header.length + type.itemsize * array.size);
  out.set(header);
  encodeData(array, type.itemsize, out.subarray(header.length));
  return out;
}

/**
 * The elements as little-endian bytes. Apart from the element types, so that a bundle
 * that only loads files (kusari/infer) leaves the writing out.
 */
function encodeData({ descr, data }: NpyArray, itemsize: number, out: Uint8Array): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (descr === '<f2') {
    (data as Float32Array).forEach((v, i) => view.setUint16(2 * i, halfBits(v), true));
  } else if (descr.startsWith('<U')) {
    const chars = itemsize / 4;
    (data as string[]).forEach((s, i) => {
      let j = 0;
      for (const ch of s) view.setUint32(4 * (i * chars + j++), ch.codePointAt(0)!, true);
    });
  } else {
    const d = data as Exclude<NpyData, string[] | null[]>;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
    if (!hostIsLittleEndian) swapBytes(out, itemsize);
    if (descr === '|b1') for (let i = 0; i < out.length; i++) out[i] = out[i] ? 1 : 0;
  }
}

/** What an .npy header declares. */
export interface NpyHeader {
  /** The element type as written, in either byte order. */
  descr: string;
  /** numpy's name of the element type: float32, int64, object... */
  dtypeName: string;
  shape: number[];
  /** Where the data starts: the length of magic, version, header length and header. */
  dataOffset: number;
  /** The number of data bytes the header declares; null for an object array (a pickle of any length). */
  dataBytes: number | null;
}

/** The parsed header with what decoding needs besides. */
interface ParsedHeader extends NpyHeader {
  type: ElementType;
  bigEndian: boolean;
  count: number;
  /** The data is column-major (fortran_order with two or more axes longer than 1). */
  columnMajor: boolean;
}

/**
 * Where the data of an .npy file starts, from its first 12 bytes (fewer is an error): how
 * much of a file to read for `decodeNpyHeader`.
 */
export function npyDataOffset(bytes: Uint8Array, label = 'npyDataOffset'): number {
  const fail = (msg: string): never => { throw new Error(`${label}: ${msg}`); };
  if (MAGIC.some((b, i) => bytes[i] !== b)) fail('not an .npy file (bad magic string)');
  if (bytes.length < 10) fail('truncated header');
  const major = bytes[6];
  if (major < 1 || major > 3) fail(`unsupported .npy format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail('truncated header');
  const hlen = lengthBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (hlen > MAX_HEADER_BYTES) fail(`header of ${hlen} bytes is longer than numpy's limit of ${MAX_HEADER_BYTES}`);
  return 8 + lengthBytes + hlen;
}

/** The header of an .npy file: `bytes` needs to hold it (see `npyDataOffset`), not the data. */
export function decodeNpyHeader(bytes: Uint8Array, label = 'decodeNpyHeader'): NpyHeader {
  const { descr, dtypeName, shape, dataOffset, dataBytes } = parseNpyHeader(bytes, label);
  return { descr, dtypeName, shape, dataOffset, dataBytes };
}

function parseNpyHeader(bytes: Uint8Array, label: string): ParsedHeader {
  const fail = (msg: string): never => { throw new Error(`${label}: ${msg}`); };
  const dataOffset = npyDataOffset(bytes, label);
  const start = bytes[6] === 1 ? 10 : 12;
  if (dataOffset > bytes.length) fail(`truncated header (needs ${dataOffset - start} bytes, ${bytes.length - start} left)`);
  const headerBytes = bytes.subarray(start, dataOffset);
  let headerText: string;
  try {
    headerText = bytes[6] === 3 ? new TextDecoder('utf-8', { fatal: true }).decode(headerBytes) : latin1(headerBytes);
  } catch {
    return fail('header is not valid UTF-8');
  }
  const header = parseHeader(headerText, fail);
  const parsed = parseDescr(header.descr);
  if (!parsed) return fail(`unsupported dtype '${header.descr}' (supported: <f2 ${supported()}, either byte order)`);
  const { type, bigEndian } = parsed;
  const shape = header.shape;
  const count = shape.reduce((a, b) => a * b, 1);
  if (type === objectType && shape.length !== 0) fail('object arrays are not supported, except the 0-d None that Chainer writes for uninitialized values');
  const dataBytes = type === objectType ? null : count * type.itemsize;
  if (dataBytes !== null && !Number.isSafeInteger(dataBytes)) fail(`shape ${shapeText(shape)} of ${header.descr} is too large`);
  // numpy writes an array that is Fortran-contiguous (a transposed one, say) column-major
  const columnMajor = header.fortranOrder && shape.filter((d) => d > 1).length > 1;
  return { descr: header.descr, dtypeName: type.name, shape, dataOffset, dataBytes, type, bigEndian, count, columnMajor };
}

/**
 * Parses an .npy file. `label` starts error messages (say, the file and member name).
 * The result owns fresh, aligned memory and never aliases `bytes`, unless `bytes` is the
 * caller's to give (`owned`: a member just inflated) and its data lies aligned: then the
 * elements are a view of it, which saves a copy of every array a load reads.
 */
export function decodeNpy(bytes: Uint8Array, label = 'decodeNpy', owned = false): NpyArray {
  const fail = (msg: string): never => { throw new Error(`${label}: ${msg}`); };
  const { type, bigEndian, shape, count, dataOffset, dataBytes, descr, columnMajor } = parseNpyHeader(bytes, label);
  const body = bytes.subarray(dataOffset);
  if (dataBytes === null) {
    if (!isPickledNone(body)) fail('object arrays are not supported, except the 0-d None that Chainer writes for uninitialized values');
    return new NpyArray('|O', [], [null]);
  }
  if (body.length < dataBytes) fail(`truncated data: shape ${shapeText(shape)} of ${descr} needs ${dataBytes} bytes, found ${body.length}`);
  if (body.length > dataBytes) fail(`${body.length - dataBytes} unexpected bytes after the data of shape ${shapeText(shape)} ${descr}`);
  // a copy (Node's Buffer.slice would alias) unless given, and aligned for the typed array
  const copy = owned && body.byteOffset % type.itemsize === 0 ? body : new Uint8Array(body);
  if (bigEndian) swapBytes(copy, type.descr.startsWith('<U') ? 4 : type.itemsize);
  let data: NpyData;
  try {
    data = type.decode(copy, count);
  } catch (e) {
    return fail((e as Error).message);
  }
  return new NpyArray(type.descr, shape, columnMajor ? toRowMajor(data, shape) : data);
}

/** The elements of a column-major (Fortran-ordered) array in row-major order, as numpy.load gives them. */
function toRowMajor(data: NpyData, shape: readonly number[]): NpyData {
  const from = data as unknown as { [i: number]: unknown; length: number };
  const out = data.slice() as NpyData;
  const to = out as unknown as { [i: number]: unknown };
  // the column-major offset of the row-major index as it counts up, last axis fastest
  const strides = shape.map((_, d) => shape.slice(0, d).reduce((a, b) => a * b, 1));
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0, at = 0; i < from.length; i++) {
    to[i] = from[at];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) { at += strides[d]; break; }
      index[d] = 0;
      at -= strides[d] * (shape[d] - 1);
    }
  }
  return out;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

// ---------------------------------------------------------------------------------
// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }

type Literal = string | number | boolean | null | Literal[] | { [k: string]: Literal };

interface Header {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

// The form numpy writes every header in, read with one match (the literal parser below
// runs character by character, a few milliseconds per header in a process that has just
// started): {'descr': '<f4', 'fortran_order': False, 'shape': (784, 100), } and padding.
const NUMPY_HEADER = /^\{'descr': '([^'\\]*)', 'fortran_order': (True|False), 'shape': \(((?:\d+, )*\d+,?|)\), \}[ \n]*$/;

function parseHeader(text: string, fail: (msg: string) => never): Header {
  const m = NUMPY_HEADER.exec(text);
  const lit = m
    ? { descr: m[1], fortran_order: m[2] === 'True', shape: m[3].split(',').filter((d) => d !== '').map(Number) }
    : parseLiteral(text, fail);
  if (!lit || typeof lit !== 'object' || Array.isArray(lit)) return fail(`header is not a dict: ${JSON.stringify(text.trim())}`);
  const keys = Object.keys(lit).sort();
  if (keys.join() !== 'descr,fortran_order,shape') fail(`header must hold exactly descr, fortran_order and shape, found ${keys.join(', ')}`);
  const { descr, fortran_order: fortranOrder, shape } = lit;
  if (typeof descr !== 'string') fail(`unsupported dtype ${JSON.stringify(descr)} (structured dtypes are not supported)`);
  if (typeof fortranOrder !== 'boolean') fail('fortran_order must be True or False');
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    fail(`shape must be a tuple of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const dims = shape as number[];
  if (!Number.isSafeInteger(dims.reduce((a, b) => a * b, 1))) fail(`shape ${shapeText(dims)} is too large`);
  return { descr: descr as string, fortranOrder: fortranOrder as boolean, shape: dims };
}

function parseLiteral(text: string, fail: (msg: string) => never): Literal {
  let i = 0;
  const skip = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const expect = (c: string) => { skip(); if (text[i] !== c) fail(`malformed header: expected '${c}' at ${i} in ${JSON.stringify(text.trim())}`); i++; };
  // the items of a tuple, list or dict up to `close`, separated by commas (one may end them)
  const sequence = (close: string, item: () => void): void => {
    skip();
    while (text[i] !== close) {
      item();
      skip();
      if (text[i] === ',') { i++; skip(); } else if (text[i] !== close) fail(`malformed header: expected ',' or '${close}' at ${i}`);
    }
    i++;
  };
  const value = (): Literal => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: { [k: string]: Literal } = {};
      sequence('}', () => {
        const k = value();
        if (typeof k !== 'string') fail('malformed header: dict keys must be strings');
        expect(':');
        out[k as string] = value();
      });
      return out;
    }
    if (c === '(' || c === '[') {
      i++;
      const items: Literal[] = [];
      sequence(c === '(' ? ')' : ']', () => items.push(value()));
      return items;
    }
    if (c === "'" || c === '"') {
      let s = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') i++;
        s += text[i++] ?? '';
      }
      if (i >= text.length) fail('malformed header: unterminated string');
      i++;
      return s;
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(text.slice(i, i + 32));
    if (!m) return fail(`malformed header: unexpected ${JSON.stringify(text.slice(i, i + 10))} at ${i}`);
    i += m[1].length;
    if (m[1] === 'True') return true;
    if (m[1] === 'False') return false;
    if (m[1] === 'None') return null;
    return Number(m[1].replace('L', ''));
  };
  const result = value();
  skip();
  if (i !== text.length) fail(`malformed header: unexpected ${JSON.stringify(text.slice(i, i + 10))} after the dict`);
  return result;
}
