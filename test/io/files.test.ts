import { suite } from 'uvu';
import * as io from '../../src/io/index';
import { assert, assertThrows } from '../util';

const test = suite('io');

test('writeAtomic writes through a temporary file and leaves no trace of it', () => {
  if (!io.hasFileSystem()) {
    assertThrows(() => io.writeAtomic('x.bin', new Uint8Array(1)), 'no file system', 'bytes');
    return;
  }
  const fs = io.nodeFs()!;
  const os = (globalThis as any).process.getBuiltinModule('node:os');
  const dir = fs.mkdtempSync(io.joinPath(os.tmpdir(), 'kusari-io-'));
  const target = io.joinPath(dir, 'sub', 'file.bin');
  io.writeAtomic(target, new Uint8Array([1, 2, 3]));
  assert.equal(Array.from(io.readBytes(target)), [1, 2, 3]);
  io.writeAtomic(target, 'hello');
  assert.is(io.readText(target), 'hello');
  assert.equal(io.listDir(io.joinPath(dir, 'sub')), ['file.bin']);
  assertThrows(() => io.readBytes(io.joinPath(dir, 'missing')), 'readBytes', 'missing');
  fs.rmSync(dir, { recursive: true, force: true });
});

test.run();
