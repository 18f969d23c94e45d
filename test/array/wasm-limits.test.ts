// Linear memory past 2 GiB and past wasm32's 4 GiB: offsets beyond 2^31 must not wrap (no
// signed shifts on byte counts), and a call that needs more than 4 GiB fails with a clear
// RangeError before it touches memory.
import { suite } from 'uvu';
import { array, backend, ones, ops } from '../../src/index';
import { linearMemory } from '../../src/backends/wasm/arena';
import { assert, assertClose, assertThrows } from '../util';

const test = suite('wasm linear memory limits');

test('a call needing more than 4 GiB throws a RangeError naming the kernel, the shapes and the limit', () => {
  backend.use('wasm');
  // Small operands, results of just over 4 GiB: nothing is allocated before the check.
  const before = backend.memory().wasmBytes!;
  const limit = /wasm32 addresses at most 4 GiB \(4,294,967,296 bytes\)/;
  // 2^30 elements cannot be an array at all; 2^30 - 1 can, but a call making one needs its
  // operands and the heap on top of 4 GiB - 4 bytes of output.
  assertThrows(() => ops.broadcastTo(array([1]), [2 ** 30]), /broadcastTo: shape \(1073741824,\) holds 1073741824 elements, more than the 1073741823/);
  const column = ones([32767, 1]), row = ones([1, 32769]);
  assertThrows(() => ops.add(column, row), /binary: needs [\d,]+ bytes of wasm memory .*\(32767, 1\) float32, \(1, 32769\) float32/, limit);
  assertThrows(() => ops.matmul(column, row), /gemm: needs [\d,]+ bytes .*\(32767, 1\) float32, \(1, 32769\) float32/, limit);
  assert.is(backend.memory().wasmBytes, before, 'memory did not grow');
});

test('kernel operands and results past 2 GiB are read and written where they are', () => {
  backend.use('wasm');
  // A resident block of 2.2 GB (never touched, so it costs address space, not RAM) pushes
  // the scratch of the next calls past 2^31 bytes.
  const block = linearMemory.allocResident(2.2e9 / 4, 'float32');
  try {
    assert.ok(block.ptr + block.bytes > 2 ** 31);
    const a = array([1, 2, 3, 4, 5, 6, 7, 8, 9]), b = array([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    assertClose(ops.add(a, b), [11, 22, 33, 44, 55, 66, 77, 88, 99], { atol: 0 });
    assertClose(ops.sum(ops.mul(a, b)), [2850], { atol: 0 });
    assertClose(ops.matmul(array([[1, 2], [3, 4]]), array([[5, 6], [7, 8]])), [[19, 22], [43, 50]], { atol: 0 });
  } finally {
    linearMemory.release(block);
  }
});

test.run();
