// The browser example's preparation of a drawing as an MNIST digit (examples/web/preprocess.ts).
import { suite } from 'uvu';
import { toMnist } from '../../examples/web/preprocess';
import { assert, assertClose, assertThrows, randomValues } from '../util';

const test = suite('web example: toMnist');

/** A width x height canvas, zero but for `value(x, y)` in the rectangle [x0, x0 + w) x [y0, y0 + h). */
function canvas(width: number, height: number, x0: number, y0: number, w: number, h: number, value: (x: number, y: number) => number): Float32Array {
  const ink = new Float32Array(width * height);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) ink[(y0 + y) * width + x0 + x] = value(x, y);
  return ink;
}

/** The 28x28 image holding `value(x, y)` in [ox, ox + w) x [oy, oy + h), zero elsewhere. */
function expected(ox: number, oy: number, w: number, h: number, value: (x: number, y: number) => number): number[] {
  const out = new Array<number>(784).fill(0);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[(oy + y) * 28 + ox + x] = value(x, y);
  return out;
}

test('a blank pad gives no image', () => {
  assert.is(toMnist(new Float32Array(50 * 40), 50, 40), null);
});

test('the bounding box is scaled into 20x20 keeping its aspect ratio and centred', () => {
  // A solid 40 x 80 block anywhere on the canvas becomes 10 x 20 (scale 1/4); its centre of
  // mass (5, 10) moves to (14, 14): columns 9..18, rows 4..23.
  const x = toMnist(canvas(100, 120, 37, 21, 40, 80, () => 1), 100, 120)!;
  assertClose(x, expected(9, 4, 10, 20, () => 1), { atol: 1e-6 });
});

test('the digit is centred by its centre of mass, not its box', () => {
  // 40 x 40, left half ink 1, right half 0.5: 20 x 20 after 2x2 averaging. The centre of mass
  // is at x = (1 * (0.5 + ... + 9.5) + 0.5 * (10.5 + ... + 19.5)) / (10 + 5) = 125 / 15 = 8.33,
  // so the digit starts at column round(14 - 8.33) = 6 (its box alone would put it at 4).
  const half = (x: number) => (x < 20 ? 1 : 0.5);
  const x = toMnist(canvas(60, 60, 10, 5, 40, 40, half), 60, 60)!;
  assertClose(x, expected(6, 4, 20, 20, (c) => (c < 10 ? 1 : 0.5)), { atol: 1e-6 });
});

test('area averaging keeps the ink in proportion to the area', () => {
  // 37 x 23 (no whole ratio to 20 x 12): every output pixel averages the input over the area it
  // covers, so the total scales by (20 * 12) / (37 * 23).
  const values = randomValues(37 * 23, 7, 0.1, 1);
  const ink = canvas(50, 30, 3, 4, 37, 23, (x, y) => values[y * 37 + x]);
  const x = toMnist(ink, 50, 30)!;
  const total = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
  assertClose([total(x)], [(total(values) * 20 * 12) / (37 * 23)], { rtol: 1e-5 });
  // Every value lies within the input's range, and the image is 20 wide and 12 high.
  assert.ok(Array.from(x).every((v) => v === 0 || (v >= 0.1 - 1e-6 && v <= 1 + 1e-6)));
  const rows = new Set<number>(), cols = new Set<number>();
  x.forEach((v, i) => { if (v > 0) { rows.add(Math.floor(i / 28)); cols.add(i % 28); } });
  assert.is(cols.size, 20);
  assert.is(rows.size, 12);
});

test('a single dot fills the 20x20 box', () => {
  const x = toMnist(canvas(9, 9, 4, 4, 1, 1, () => 0.75), 9, 9)!;
  assertClose(x, expected(4, 4, 20, 20, () => 0.75), { atol: 1e-6 });
});

test('ink of the wrong size is an error', () => {
  assertThrows(() => toMnist(new Float32Array(10), 4, 3), 'toMnist', '10 values', '(4 * 3)');
});

test.run();
