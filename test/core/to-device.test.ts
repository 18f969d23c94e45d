import { Variable, array, backend, L } from '../../src/index';
import { createWebglBackend, webglUnavailableReason } from '../../src/backends/webgl/webgl-backend';
import { assert, assertClose } from '../util';
import { suite } from 'uvu';

// A second backend for moving data: the real WebGL2 backend where it runs, else the wasm
// kernels under its name, registered only while a test runs.
function withSecondBackend(body: () => void): void {
  if (backend.available().includes('webgl')) { body(); return; }
  const wasm = backend.get('wasm');
  const other = Object.create(wasm, { name: { value: 'webgl' } }) as typeof wasm;
  backend.register('webgl', () => other);
  try { body(); } finally { backend.register('webgl', createWebglBackend, webglUnavailableReason); }
}

const s = suite('Variable.toDevice');

s('moves data and gradient in place and returns the variable', () => {
  withSecondBackend(() => {
    const x = new Variable(array([[1, 2], [3, 4]]));
    x.grad = array([[0.5, 0], [0, -1]]);
    assert.is(x.toDevice('webgl'), x);
    assert.is(x.device, 'webgl');
    assert.is(x.grad!.device, 'webgl');
    assertClose(x, [[1, 2], [3, 4]]);
    assertClose(x.grad!, [[0.5, 0], [0, -1]]);
    x.toDevice('wasm');
    assert.is(x.device, 'wasm');
    assert.is(x.grad!.device, 'wasm');
  });
});

s('to the same backend keeps the very arrays', () => {
  const a = array([1, 2]);
  const x = new Variable(a);
  x.toDevice('wasm');
  assert.is(x.array, a);
});

s('a Parameter remembers its device, also before it has data', () => {
  withSecondBackend(() => {
    const l = new L.Linear(null, 2);
    l.toDevice('webgl');
    assert.is(l.W.device, 'webgl');
    l.forward(array([[1, 2, 3]]).toDevice('webgl'));
    assert.is(l.W.array.device, 'webgl');
    l.toDevice('wasm');
    assert.is(l.W.device, 'wasm');
    assert.is(l.b!.device, 'wasm');
  });
});

s.run();
