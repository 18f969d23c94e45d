// The WebGL2 backend against the wasm backend on random cases (random-cases.ts): the same
// inputs and output gradient on both, forward values and every input's gradient compared
// within float32 sums in another order; optimizer updates likewise.
import { suite } from 'uvu';
import { assert, backends } from '../util';
import { assertNear, generator, largeMakers, makers, optimizerCases, run, updates } from './random-cases';

// Where no WebGL2 context exists (Node, Deno) there is nothing to compare: no cases.
const s = suite('webgl against wasm on random shapes');
const available = backends().includes('webgl');
const sets = available ? [{ makers, cases: 40, from: 0 }, { makers: largeMakers, cases: 2, from: 100 }] : [];

for (const set of sets) for (let m = 0; m < set.makers.length; m++) {
  for (let k = 0; k < set.cases; k++) {
    const seed = 1000 * (set.from + m) + k;
    const c = set.makers[m](generator(seed));
    s(`${c.name} (seed ${seed})`, () => {
      const expected = run('wasm', c.inputs, c.fn, seed + 1), actual = run('webgl', c.inputs, c.fn, seed + 1);
      assert.equal(actual.shape, expected.shape);
      assertNear(actual.y, expected.y, `${c.name}: y`, c.tol);
      expected.grads.forEach((g, i) => {
        if (g === null) assert.is(actual.grads[i], null, `${c.name}: input ${i} has a gradient on webgl alone`);
        else assertNear(actual.grads[i]!, g, `${c.name}: gradient of input ${i}`, c.tol);
      });
    });
  }
}

for (const c of available ? optimizerCases : []) {
  for (let k = 0; k < 3; k++) {
    const seed = 7000 + k;
    s(`optimizer ${c.name} (seed ${seed})`, () => {
      const expected = updates('wasm', c, seed), actual = updates('webgl', c, seed);
      expected.forEach((e, i) => assertNear(actual[i], e, `${c.name}: parameter ${i}`, 1e-5));
    });
  }
}

s.run();
