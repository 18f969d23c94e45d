// The IDX format of the MNIST files: a big-endian header `00 00 <type> <ndim>`, ndim
// uint32 sizes, then the elements in row-major order. MNIST stores uint8 (type 0x08).
// Gzip-compressed files (as distributed) are inflated first.
import { gunzip } from '../serializers/inflate';

export interface IdxArray {
  /** Sizes of the dimensions, from the header. */
  shape: number[];
  /** The elements (a view into the file's bytes). */
  data: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = { 0x08: 'uint8', 0x09: 'int8', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/**
 * Parses an IDX file of uint8 elements with `ndim` dimensions. `name` (usually the path)
 * appears in every error, which says what is wrong with the file.
 */
export function parseIdx(bytes: Uint8Array, ndim: number, name: string): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = gunzip(bytes, (msg) => {
      throw new Error(`IDX file '${name}': it looks gzip-compressed but cannot be inflated (${msg})`);
    });
  }
  if (bytes.length < 4) {
    throw new Error(`IDX file '${name}': truncated: ${bytes.length} bytes, too short for the 4-byte magic number`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`IDX file '${name}': bad magic number ${[...bytes.subarray(0, 4)].map(hex).join(' ')} (an IDX file starts with 00 00 08 <ndim>); is this an MNIST IDX file?`);
  }
  const type = bytes[2];
  if (type !== 0x08) {
    throw new Error(`IDX file '${name}': element type 0x${hex(type)} (${TYPE_NAMES[type] ?? 'unknown'}) is not supported; MNIST files hold uint8 (0x08)`);
  }
  if (bytes[3] !== ndim) {
    throw new Error(`IDX file '${name}': has ${bytes[3]} dimensions but ${ndim} are expected (${ndim === 3 ? 'images: count, rows, columns' : 'labels: count'})`);
  }
  const headerSize = 4 + 4 * ndim;
  if (bytes.length < headerSize) {
    throw new Error(`IDX file '${name}': truncated header: ${bytes.length} bytes, the header of a ${ndim}-dimensional file takes ${headerSize}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const size = shape.reduce((a, b) => a * b, 1);
  const available = bytes.length - headerSize;
  if (available < size) {
    throw new Error(`IDX file '${name}': truncated data: the header announces shape (${shape.join(', ')}) = ${size} bytes of data but the file holds ${available}`);
  }
  if (available > size) {
    throw new Error(`IDX file '${name}': ${available - size} bytes after the data of shape (${shape.join(', ')}); the file is malformed`);
  }
  return { shape, data: bytes.subarray(headerSize) };
}

/** Writes uint8 elements as an IDX file (for tests and for exporting data). */
export function encodeIdx(shape: readonly number[], data: ArrayLike<number>): Uint8Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new RangeError(`encodeIdx: ${data.length} elements do not fill shape (${shape.join(', ')})`);
  const out = new Uint8Array(4 + 4 * shape.length + size);
  out[2] = 0x08;
  out[3] = shape.length;
  const view = new DataView(out.buffer);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}
