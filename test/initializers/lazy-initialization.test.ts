// A parameter's random initial values are made on first use (Initializer.generateLater,
// Generator.defer). These tests hold them to the numbers an immediate draw gives: each
// expected value comes from a second generator with the same seed, drawn one scalar at a
// time (normal(), random()) in the order the parameters were made.
import { Chain, L, initializers, random, serializers } from '../../src/index';
import { assert, assertThrows, describeBackends } from '../util';

/** LeCunNormal elements: fround(sqrt(1 / fanIn) * normal()) each. */
const lecun = (g: random.Generator, rows: number, cols: number) =>
  Array.from({ length: rows * cols }, () => Math.fround(Math.sqrt(1 / cols) * g.normal()));
/** GlorotUniform elements: fround(-b + 2 b random()), b = sqrt(6 / (fanIn + fanOut)). */
const glorotUniform = (g: random.Generator, rows: number, cols: number) => {
  const b = Math.sqrt(6 / (rows + cols));
  return Array.from({ length: rows * cols }, () => Math.fround(-b + 2 * b * g.random()));
};

/** Counts the calls into a generator's drawing methods (each scalar or fill counts once). */
function countDraws(g: random.Generator): { calls: number } {
  const count = { calls: 0 };
  for (const name of ['fillNormal', 'nextUint32'] as const) {
    const original = g[name].bind(g) as (...args: unknown[]) => unknown;
    (g as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => { count.calls++; return original(...args); };
  }
  return count;
}

describeBackends('lazy parameter initialization', (test) => {
  test('values made on first use equal an immediate draw, whatever order the parameters are first used in', () => {
    const g = new random.Generator(11), reference = new random.Generator(11);
    const l1 = new L.Linear(13, 7, { initialW: new initializers.LeCunNormal(1, { rng: g }) });
    const l2 = new L.Linear(7, 5, { initialW: new initializers.GlorotUniform(1, { rng: g }) });
    const l3 = new L.Linear(5, 3, { initialW: new initializers.LeCunNormal(1, { rng: g }) });
    const expected = [lecun(reference, 7, 13), glorotUniform(reference, 5, 7), lecun(reference, 3, 5)];
    for (const l of [l1, l2, l3]) {
      assert.ok(l.W.array.isPending, 'the initial values wait for their first use');
      assert.equal(l.W.shape, [l.outSize, l.inSize]);
      assert.is(l.W.dtype, 'float32');
    }
    assert.equal(Array.from(l3.W.array.dataSync()), expected[2]);
    assert.equal(Array.from(l1.W.array.dataSync()), expected[0]);
    assert.equal(Array.from(l2.W.array.dataSync()), expected[1]);
    assert.is(g.random(), reference.random());
  });

  test('an initializer with its own values() is drawn at once', () => {
    const g = new random.Generator(9), reference = new random.Generator(9);
    class Halved extends initializers.Normal {
      protected override values(shape: readonly number[]): ArrayLike<number> {
        return Array.from({ length: shape[0] * shape[1] }, () => this.rng.normal() / 2);
      }
    }
    const l = new L.Linear(3, 2, { initialW: new Halved(1, { rng: g }) });
    assert.not.ok(l.W.array.isPending);
    assert.equal(Array.from(l.W.array.dataSync()), Array.from({ length: 6 }, () => Math.fround(reference.normal() / 2)));
  });

  test('a draw from the generator after a pending initialization starts where that initialization ends', () => {
    const g = new random.Generator(5), reference = new random.Generator(5);
    const l = new L.Linear(6, 4, { initialW: new initializers.LeCunNormal(1, { rng: g }) });
    const expectedW = lecun(reference, 4, 6);
    assert.ok(l.W.array.isPending);
    assert.equal([g.normal(), g.random()], [reference.normal(), reference.random()]);
    assert.equal(Array.from(l.W.array.dataSync()), expectedW);
    // the default generator: random.seed() makes what is pending from the state before it
    random.seed(21);
    const m = new L.Linear(3, 2);
    const before = new random.Generator(21);
    random.seed(22);
    assert.equal(Array.from(m.W.array.dataSync()), lecun(before, 2, 3));
    assert.is(random.defaultGenerator.normal(), new random.Generator(22).normal());
  });

  test('a pending array given to another parameter is copied there, whatever its first owner does next', () => {
    const g = new random.Generator(4), reference = new random.Generator(4);
    const a = new L.Linear(3, 2, { initialW: new initializers.LeCunNormal(1, { rng: g }) });
    const b = new L.Linear(3, 2, { initialW: 0 });
    b.W.array = a.W.array;
    a.W.copydata(new L.Linear(3, 2, { initialW: 1 }).W.array);
    assert.equal(Array.from(a.W.array.dataSync()), new Array(6).fill(1));
    assert.equal(Array.from(b.W.array.dataSync()), lecun(reference, 2, 3));
  });

  test('values replaced before their first use are never drawn; later draws still start after them', () => {
    const g = new random.Generator(3), reference = new random.Generator(3);
    const draws = countDraws(g);
    const model = new Chain({ l: new L.Linear(4, 3, { initialW: new initializers.LeCunNormal(1, { rng: g }) }) });
    const l = (model as unknown as { l: L.Linear }).l;
    const replaced = l.W.array;
    const file = new Chain({ l: new L.Linear(4, 3, { initialW: new initializers.Constant(0.5) }) });
    serializers.loadNpz(serializers.saveNpz(file), model);
    assert.is(draws.calls, 0, 'loading drew nothing');
    assert.equal(Array.from(l.W.array.dataSync()), new Array(12).fill(0.5));
    assertThrows(() => replaced.dataSync(), 'freed');
    lecun(reference, 3, 4);
    assert.is(g.random(), reference.random());
  });
});
