// A training loop that never calls dispose() keeps memory flat: temporaries belong to the
// garbage collector, resident arrays to their owners, and the scratch of a kernel call is
// reused by the next.
import { F, Variable, backend, ops, fromTyped } from '../../src/index';
import { assert, describeBackends, randomValues } from '../util';

describeBackends('memory of a training loop without dispose()', (test, name) => {
  // WebGL2 under a software rasterizer draws each kernel far slower than wasm runs it.
  const iterations = name === 'webgl' ? 1000 : 10000;
  test(`${iterations} forward/backward/SGD iterations leave wasm memory where 100 left it`, () => {
    const batch = 8, nIn = 12, nHidden = 16, nOut = 3;
    const W1 = new Variable(fromTyped(randomValues(nIn * nHidden, 1, -0.3, 0.3), [nIn, nHidden]));
    const b1 = new Variable(fromTyped(new Float32Array(nHidden), [nHidden]));
    const W2 = new Variable(fromTyped(randomValues(nHidden * nOut, 2, -0.3, 0.3), [nHidden, nOut]));
    const params = [W1, b1, W2];
    const x = fromTyped(randomValues(batch * nIn, 3), [batch, nIn]);
    const t = fromTyped(randomValues(batch * nOut, 4, -0.5, 0.5), [batch, nOut]);

    const step = (): number => {
      for (const p of params) p.cleargrad();
      const h = F.tanh(F.add(F.matmul(x, W1), b1));
      const d = F.sub(F.matmul(h, W2), t);
      const loss = F.sum(F.mul(d, d));
      loss.backward();
      for (const p of params) p.array = ops.sub(p.array, ops.mul(p.grad!, 0.01));
      const value = loss.array.item();
      // No optimizer ends the step here: the loop says where it ends (step generations).
      backend.endStep();
      return value;
    };

    const first = step();
    for (let i = 2; i <= 100; i++) step();
    const after100 = backend.memory();
    let last = 0;
    for (let i = 101; i <= iterations; i++) last = step();
    const after10k = backend.memory();

    assert.ok(last < 0.1 * first, `the loop trains (loss ${first} -> ${last})`);
    if (after100.wasmBytes !== undefined) {
      assert.is(after10k.wasmBytes, after100.wasmBytes, `wasm memory after ${iterations} iterations equals that after 100`);
    }
    // Plain Variables own nothing resident: the count is exact and stays where it was. On
    // webgl the textures of temporaries (the last two steps') are counted too, and flat.
    assert.is(after10k.arrays, after100.arrays, `resident arrays after ${iterations} iterations equal those after 100`);
    assert.is(after10k.temporaries, after100.temporaries, `temporaries after ${iterations} iterations equal those after 100`);
    assert.is(after10k.temporaryBytes, after100.temporaryBytes);
  });
});
