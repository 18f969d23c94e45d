// Every function with an `axis` takes it positionally in Chainer's order or in the
// options object, with the same result; a wrong type is refused with the function's name
// instead of surfacing as 'axis is not iterable' or an out-of-bounds axis '1'.
import { F, Variable, array, ones, zeros } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

const x = () => array(randomValues(24, 3), { shape: [2, 3, 4] });
const flat = (r: unknown): number[] => (Array.isArray(r) ? r.flatMap(flat) : Array.from((r as Variable).array.toTypedArray()));
const shapes = (r: unknown): number[][] => (Array.isArray(r) ? r.flatMap(shapes) : [[...(r as Variable).shape]]);

interface AxisCase {
  /** The call with the axis positional (as Chainer orders it). */
  positional: (axis: unknown) => unknown;
  /** The same call with {axis} in the options. */
  options: (axis: unknown) => unknown;
  /** A valid axis for both forms. */
  axis: unknown;
  /** Whether a list of axes is accepted (the message says so). */
  many?: boolean;
}

const CASES: Record<string, AxisCase> = {
  softmax: { positional: (a) => F.softmax(x(), a as number), options: (a) => F.softmax(x(), { axis: a as number }), axis: 2 },
  logSoftmax: { positional: (a) => F.logSoftmax(x(), a as number), options: (a) => F.logSoftmax(x(), { axis: a as number }), axis: -1 },
  sum: { positional: (a) => F.sum(x(), a as number), options: (a) => F.sum(x(), { axis: a as number }), axis: [0, 2], many: true },
  mean: { positional: (a) => F.mean(x(), a as number), options: (a) => F.mean(x(), { axis: a as number }), axis: [1, 2], many: true },
  max: { positional: (a) => F.max(x(), a as number), options: (a) => F.max(x(), { axis: a as number }), axis: 1, many: true },
  min: { positional: (a) => F.min(x(), a as number), options: (a) => F.min(x(), { axis: a as number }), axis: [0, 1], many: true },
  prod: { positional: (a) => F.prod(x(), a as number), options: (a) => F.prod(x(), { axis: a as number }), axis: 2, many: true },
  logsumexp: { positional: (a) => F.logsumexp(x(), a as number), options: (a) => F.logsumexp(x(), { axis: a as number }), axis: [2], many: true },
  argmax: { positional: (a) => F.argmax(x(), a as number), options: (a) => F.argmax(x(), { axis: a as number }), axis: 1 },
  argmin: { positional: (a) => F.argmin(x(), a as number), options: (a) => F.argmin(x(), { axis: a as number }), axis: 2 },
  cumsum: { positional: (a) => F.cumsum(x(), a as number), options: (a) => F.cumsum(x(), { axis: a as number }), axis: 1 },
  maxout: { positional: (a) => F.maxout(x(), 2, a as number), options: (a) => F.maxout(x(), 2, { axis: a as number }), axis: 2 },
  normalize: { positional: (a) => F.normalize(x(), 1e-5, a as number), options: (a) => F.normalize(x(), { axis: a as number }), axis: [1, 2], many: true },
  concat: { positional: (a) => F.concat([x(), x()], a as number), options: (a) => F.concat([x(), x()], { axis: a as number }), axis: 2 },
  stack: { positional: (a) => F.stack([x(), x()], a as number), options: (a) => F.stack([x(), x()], { axis: a as number }), axis: 3 },
  separate: { positional: (a) => F.separate(x(), a as number), options: (a) => F.separate(x(), { axis: a as number }), axis: 2 },
  splitAxis: { positional: (a) => F.splitAxis(x(), 2, a as number), options: (a) => F.splitAxis(x(), 2, { axis: a as number }), axis: 2 },
  expandDims: { positional: (a) => F.expandDims(x(), a as number), options: (a) => F.expandDims(x(), { axis: a as number }), axis: 1 },
  squeeze: {
    positional: (a) => F.squeeze(F.reshape(x(), [2, 1, 3, 1, 4]), a as number),
    options: (a) => F.squeeze(F.reshape(x(), [2, 1, 3, 1, 4]), { axis: a as number }), axis: [1, 3], many: true,
  },
  repeat: { positional: (a) => F.repeat(x(), 2, a as number), options: (a) => F.repeat(x(), 2, { axis: a as number }), axis: 1 },
  flip: { positional: (a) => F.flip(x(), a as number), options: (a) => F.flip(x(), { axis: a as number }), axis: [0, 2], many: true },
  rollaxis: { positional: (a) => F.rollaxis(x(), a as number), options: (a) => F.rollaxis(x(), { axis: a as number }), axis: 2 },
  batchNormalization: {
    positional: (a) => F.batchNormalization(x(), ones([3]), zeros([3]), { axis: a as number }),
    options: (a) => F.batchNormalization(x(), ones([3]), zeros([3]), { axis: a as number }), axis: [0, 2], many: true,
  },
};

describeBackends('axis arguments', (test) => {
  for (const [name, c] of Object.entries(CASES)) {
    test(`${name}: positional and {axis} agree`, () => {
      const a = c.positional(c.axis), b = c.options(c.axis);
      assert.equal(shapes(a), shapes(b));
      assertClose(flat(a), flat(b), { atol: 0, rtol: 0 });
    });

    test(`${name}: a string or a fraction is refused with the function's name`, () => {
      const what = c.many ? 'an integer or a sequence of integers' : 'an integer';
      for (const bad of ['1', 0.5]) {
        const shown = typeof bad === 'string' ? `'${bad}'` : String(bad);
        assertThrows(() => c.positional(bad), `${name}: axis must be ${what}`, `got ${shown}`);
        assertThrows(() => c.options(bad), `${name}: axis must be ${what}`, `got ${shown}`);
      }
    });

    test(`${name}: an axis out of range is refused with the function's name`, () => {
      assertThrows(() => c.positional(7), `${name}: axis 7 is out of bounds`);
    });
  }

  test('sum: the message of the issue', () => {
    assertThrows(() => F.sum(x(), '1' as never), "sum: axis must be an integer or a sequence of integers, got '1'");
    // The options form used to fail with 'axis is not iterable'.
    assertClose(F.sum(x(), { axis: 1 }), flat(F.sum(x(), 1)));
  });

  test('several axes and negative axes give the reference values', () => {
    const v = randomValues(24, 3);
    const at = (i: number, j: number, k: number) => v[i * 12 + j * 4 + k];
    const expected = [0, 1].map((i) => [0, 1, 2, 3].reduce((s, k) => s + [0, 1, 2].reduce((t, j) => t + at(i, j, k), 0), 0));
    assertClose(F.sum(x(), [-1, 1]), expected);
    assertClose(F.sum(x(), { axis: [1, 2] }), expected);
  });

  test('swapaxes names each axis', () => {
    assertThrows(() => F.swapaxes(x(), 0, '1' as never), "swapaxes: axis2 must be an integer, got '1'");
    assert.equal([...F.swapaxes(x(), { axis1: 0, axis2: 2 }).shape], [4, 3, 2]);
  });
});
