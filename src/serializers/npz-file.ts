// An .npz archive read on demand, as numpy.load's NpzFile: opening it checks the zip
// structure only, and a member is inflated when its array is first asked for, so members
// a load never needs cost nothing whatever they hold. A member's .npy header, read from
// its first bytes, declares the size of its data; that size must be the zip directory's,
// and inflating stops as soon as the output exceeds it, so a zip bomb is rejected after a
// few megabytes instead of being inflated in full.
import { type NpyArray, type NpyHeader, decodeNpy, decodeNpyHeader, npyDataOffset, shapeText } from './npy';
import { type ZipMember, listZip, readZipMember } from './zip';

// the pickle of None that Chainer writes for uninitialized values is about 200 bytes
const MAX_PICKLE_BYTES = 1024;
// numpy's headers take 128 bytes, a multiple of 64 in any case
const NPY_HEADER_GUESS = 256;

/** A member that cannot be read: `problem` names it and says why, without the file's label. */
export class NpzMemberError extends Error {
  constructor(label: string, readonly problem: string) {
    super(`${label}: ${problem}`);
    this.name = 'NpzMemberError';
  }
}

export class NpzFile {
  private readonly members = new Map<string, ZipMember>();
  private readonly headers = new Map<string, NpyHeader>();
  private readonly arrays = new Map<string, NpyArray>();
  private readonly bytes: Uint8Array;

  /** `label` starts error messages, e.g. `loadNpz: 'model.npz'`. */
  constructor(bytes: Uint8Array | ArrayBuffer, readonly label = 'NpzFile') {
    // a plain view: a Node Buffer's subarray/slice semantics differ
    this.bytes = bytes instanceof Uint8Array ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
    for (const member of listZip(this.bytes, label)) {
      if (member.name.endsWith('/') && member.size === 0) continue; // a directory entry
      if (!member.name.endsWith('.npy')) throw new Error(`${label}: member '${member.name}' is not an .npy array`);
      this.members.set(member.name.slice(0, -4), member);
    }
  }

  get size(): number {
    return this.members.size;
  }

  /** The keys (member names without `.npy`), in the archive's order. */
  keys(): IterableIterator<string> {
    return this.members.keys();
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  /** The dtype and shape of `key`'s array, inflating only the start of its member. */
  header(key: string): NpyHeader | undefined {
    const member = this.members.get(key);
    if (!member) return undefined;
    let header = this.headers.get(key);
    if (!header) {
      header = this.read(member, (what) => {
        const start = readZipMember(this.bytes, member, this.label, { prefix: NPY_HEADER_GUESS });
        const dataOffset = npyDataOffset(start, what);
        const h = decodeNpyHeader(dataOffset <= start.length ? start : readZipMember(this.bytes, member, this.label, { prefix: dataOffset }), what);
        const declared = h.dataBytes === null ? null : dataOffset + h.dataBytes;
        if (declared !== null && declared !== member.size) {
          throw new Error(`${what}: its .npy header declares ${h.dtypeName} ${shapeText(h.shape)}, ${declared} bytes in all, but the zip directory says ${member.size}`);
        }
        if (declared === null && member.size > dataOffset + MAX_PICKLE_BYTES) {
          throw new Error(`${what}: an object array of ${member.size - dataOffset} bytes; only the pickled None that Chainer writes is supported`);
        }
        return h;
      });
      this.headers.set(key, header);
    }
    return header;
  }

  /**
   * `key`'s array, inflated and decoded on first use. A damaged member throws an
   * NpzMemberError naming it.
   */
  get(key: string): NpyArray | undefined {
    const member = this.members.get(key);
    if (!member) return undefined;
    let array = this.arrays.get(key);
    if (!array) {
      // the header first: it bounds what may be inflated
      this.header(key);
      // the member's bytes are fresh, so the array may keep them
      array = this.read(member, (what) => decodeNpy(readZipMember(this.bytes, member, this.label), what, true));
      this.arrays.set(key, array);
    }
    return array;
  }

  private read<T>(member: ZipMember, f: (what: string) => T): T {
    const what = `${this.label}: member '${member.name}'`;
    try {
      return f(what);
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      throw new NpzMemberError(this.label, message.startsWith(`${this.label}: `) ? message.slice(this.label.length + 2) : message);
    }
  }
}
