import { suite } from 'uvu';
import * as io from '../../src/io/index';
import { assert, assertThrows } from '../util';
import { withTempDir } from '../datasets/tmpdir';

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

test('writeAtomic removes what an interrupted write to the same file left, and its own temporary file when it fails', () => {
  if (!io.hasFileSystem()) return;
  withTempDir('kusari-io-', (dir) => {
    const fs = io.nodeFs()!;
    const target = io.joinPath(dir, 'model.npz');
    // a crash between writing and renaming leaves a temporary file of ours behind
    const leftover = 'model.npz.tmp-m0abc12-k3j9x';
    fs.writeFileSync(io.joinPath(dir, leftover), new Uint8Array(1 << 20));
    // other files, including temporary files of other targets and look-alikes, stay
    const others = ['model.npz.tmp-notes.txt', 'other.npz.tmp-m0abc12-k3j9x', 'model.npz.bak'];
    for (const name of others) fs.writeFileSync(io.joinPath(dir, name), 'x');
    io.writeAtomic(target, new Uint8Array([7]));
    assert.equal(io.listDir(dir).sort(), ['model.npz', ...others].sort());
    assert.equal(Array.from(io.readBytes(target)), [7]);
    assert.is(io.tempFileTarget(leftover), 'model.npz');
    assert.is(io.tempFileTarget('model.npz'), null);

    // the rename fails (the target is a directory that is not empty): no temporary file stays
    const blocked = io.joinPath(dir, 'blocked');
    fs.mkdirSync(blocked);
    fs.writeFileSync(io.joinPath(blocked, 'inside'), 'x');
    assertThrows(() => io.writeAtomic(blocked, new Uint8Array(1 << 20), 'saveNpz'), 'saveNpz', `cannot write '${blocked}'`);
    assert.equal(io.listDir(dir).filter((name) => name.startsWith('blocked')), ['blocked']);
  });
});

test.run();
