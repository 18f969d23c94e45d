// Python's formatting that Chainer's reports rely on, checked against Python's own output.
import { suite } from 'uvu';
import { floorDiv, formatG, formatPercent, formatSpec, formatTimedelta, pythonFloat, pythonJson, parsePythonJson } from '../../src/training/util/python';
import { formatAttributes, formatFields } from '../../src/training/extensions/output';
import { pythonPow } from '../../src/util/pow';
import { assert, assertThrows } from '../util';

const test = suite('python formatting');

test("format(x, 'g') as Python prints it", () => {
  // Values and strings from Python 3: '{:g}'.format(x).
  const cases: [number, string][] = [
    [0, '0'], [1, '1'], [600, '600'], [12000, '12000'], [123456, '123456'], [1234567, '1.23457e+06'],
    [0.0001, '0.0001'], [0.00001, '1e-05'], [0.000123456789, '0.000123457'], [1.5, '1.5'], [100.0, '100'],
    [12.3456789, '12.3457'], [-0.5, '-0.5'], [999999.5, '1e+06'], [0.1 + 0.2, '0.3'], [2.5e-7, '2.5e-07'],
    [NaN, 'nan'], [Infinity, 'inf'], [-Infinity, '-inf'], [0.9794166666666667, '0.979417'], [4.82145, '4.82145'],
  ];
  for (const [x, s] of cases) assert.is(formatG(x), s, `formatG(${x})`);
  // ties (exact halves) round to even in Python, where JavaScript's toExponential and
  // toFixed round them up: iteration 1000005 in a PrintReport column is '1e+06'
  const ties: [number, string, string][] = [
    [1000005, '1e+06', '1e+06'], [123456.5, '123456', '1.2346e+05'], [1234565, '1.23456e+06', '1.2346e+06'], [-1000005, '-1e+06', '-1e+06'],
    [9999995, '1e+07', '1e+07'], [99999.95, '99999.9', '1e+05'], [3.125e-7, '3.125e-07', '3.125e-07'], [100000, '100000', '1e+05'],
  ];
  for (const [x, g6, g5] of ties) {
    assert.is(formatG(x), g6, `formatG(${x})`);
    assert.is(formatG(x, 5), g5, `formatG(${x}, 5)`);
  }
  assert.is(formatG(10.553, 5), '10.553');
  assert.is(formatG(123456, 5), '1.2346e+05');
});

test('format(value, spec) as Python, and the file name templates of snapshots and LogReport', () => {
  // [value, spec, is it a Python int, Python's format(value, spec)]
  const cases: [number | string, string, boolean, string][] = [
    [1200, '08d', true, '00001200'], [12, '>6', true, '    12'], [12, '<6', true, '12    '], [0.5, '.3f', false, '0.500'],
    [12345.678, '.2e', false, '1.23e+04'], [5, '+d', true, '+5'], [1234567, ',', true, '1,234,567'], [1234567, '_d', true, '1_234_567'],
    [12, '^7', true, '  12   '], [12, '*^7', true, '**12***'], [2, '', false, '2.0'], [0.125, '.1%', false, '12.5%'],
    [-1.5, '06.2f', false, '-01.50'], ['ab', 'x<4', false, 'abxx'], [12.3456, '.3', false, '12.3'], [1e-5, 'g', false, '1e-05'],
    [0.1, '', false, '0.1'], [1e-5, '', false, '1e-05'], [-3, '05d', true, '-0003'], [7, ' d', true, ' 7'], [2.5, '.0f', false, '2'],
    [1234.5, ',.1f', false, '1,234.5'], [1.5e16, '', false, '1.5e+16'], ['snap', '.2', false, 'sn'],
  ];
  for (const [v, spec, isInt, expected] of cases) assert.is(formatSpec(v, spec, isInt), expected, `format(${v}, '${spec}')`);
  const trainer = { updater: { iteration: 1200, epoch: 3, epochDetail: 3.5 } };
  assert.is(formatAttributes('snapshot_iter_{.updater.iteration}', trainer), 'snapshot_iter_1200');
  assert.is(formatAttributes('snap_{0.updater.iteration:08d}_{0.updater.epoch_detail:.2f}{{x}}', trainer), 'snap_00001200_3.50{x}');
  // Python 3 (Chainer's filename.format(trainer)): '{.a}_{.b}' is fields 0 and 1, an
  // IndexError with one argument; '{0.a}_{.b}' mixes manual and automatic numbering.
  assertThrows(() => formatAttributes('snap_{.updater.iteration}_{.updater.epoch}', trainer), 'format', 'argument 1', '{0.updater.iteration}_{0.updater.epoch}');
  assertThrows(() => formatAttributes('snap_{0.updater.iteration}_{.updater.epoch}', trainer), 'format', 'mixes');
  assertThrows(() => formatAttributes('snap_{.updater.iteration}_{0.updater.epoch}', trainer), 'format', 'mixes');
  assertThrows(() => formatAttributes('snap_{1.updater.iteration}', trainer), 'format', 'argument 1');
  assert.is(formatFields('log_{epoch:03d}_{elapsed_time}', { epoch: 2, iteration: 10, elapsed_time: 4 }), 'log_002_4.0');
  assertThrows(() => formatFields('log_{nope}', { epoch: 2 }), 'format', 'nope');
});

test('str(timedelta(seconds=s)) and format(r, "6.2%")', () => {
  assert.is(formatTimedelta(93.41554), '0:01:33.415540');
  assert.is(formatTimedelta(0), '0:00:00');
  assert.is(formatTimedelta(3600 * 25), '1 day, 1:00:00');
  assert.is(formatTimedelta(86400 * 2 + 61), '2 days, 0:01:01');
  assert.is(formatTimedelta(0.0000015), '0:00:00.000002');
  // CPython scales the fraction alone and rounds what is left of it (half to even on the
  // total): these are its strings, where rounding s * 1e6 gives 0:00:10, ...132, ...723
  assert.is(formatTimedelta(9.9999995), '0:00:09.999999');
  assert.is(formatTimedelta(763700.9951315), '8 days, 20:08:20.995131');
  assert.is(formatTimedelta(615184.9357235), '7 days, 2:53:04.935723');
  assert.is(formatTimedelta(0.0078125), '0:00:00.007812');
  assert.is(formatTimedelta(3.0234375), '0:00:03.023438');
  assert.is(formatTimedelta(0.0000025), '0:00:00.000002');
  assert.is(formatPercent(0.14333), '14.33%');
  assert.is(formatPercent(1), '100.00%');
  assert.is(formatPercent(0), ' 0.00%');
  // '{:6.2%}'.format(r) rounds ties to even
  assert.is(formatPercent(1 / 32), ' 3.12%');
  assert.is(formatPercent(0.09375), ' 9.38%');
  assert.is(formatPercent(0.00125), ' 0.12%');
  assert.is(formatPercent(1 / 16), ' 6.25%');
});

test('repr(float) and json.dumps as Python writes them', () => {
  const cases: [number, string][] = [[1, '1.0'], [0.1, '0.1'], [1e-5, '1e-05'], [0.0001, '0.0001'], [1.5e16, '1.5e+16'], [1e16, '1e+16'],
    [123456789012345, '123456789012345.0'], [-2.5, '-2.5'], [NaN, 'NaN'], [Infinity, 'Infinity'], [1.2345678901234566e-7, '1.2345678901234566e-07'], [3e-5, '3e-05']];
  for (const [x, s] of cases) assert.is(pythonFloat(x), s, `pythonFloat(${x})`);
  const log = [{ 'main/loss': 0.5, epoch: 1, iteration: 600, elapsed_time: 2 }];
  assert.is(pythonJson(log, null, new Set(['epoch', 'iteration'])), '[{"main/loss": 0.5, "epoch": 1, "iteration": 600, "elapsed_time": 2.0}]');
  assert.is(pythonJson(log, 4, new Set(['epoch', 'iteration'])),
    '[\n    {\n        "main/loss": 0.5,\n        "epoch": 1,\n        "iteration": 600,\n        "elapsed_time": 2.0\n    }\n]');
  assert.is(pythonJson(['é', 'a"b'], null), '["\\u00e9", "a\\"b"]');
  // Python's json.dumps([{'a': 1.5}], indent=-1) and indent=0: lines without padding
  assert.is(pythonJson([{ a: 1.5 }], -1), '[\n{\n"a": 1.5\n}\n]');
  assert.is(pythonJson([{ a: 1.5 }], 0), '[\n{\n"a": 1.5\n}\n]');
  // keys too, and DEL: Python's json.dumps([{'é/loss': 1.5, 'x\x7f': 'ü😀\ud800'}], indent=4)
  assert.is(pythonJson([{ 'é/loss': 1.5, 'x\u007f': 'ü😀\ud800' }], 4),
    '[\n    {\n        "\\u00e9/loss": 1.5,\n        "x\\u007f": "\\u00fc\\ud83d\\ude00\\ud800"\n    }\n]');
  const back = parsePythonJson('[{"a": NaN, "b": -Infinity, "c": "NaN in a string", "d": Infinity}]') as Record<string, unknown>[];
  assert.ok(Number.isNaN(back[0].a));
  assert.is(back[0].b, -Infinity);
  assert.is(back[0].c, 'NaN in a string');
  assert.is(back[0].d, Infinity);
});

test('floor division of floats as Python', () => {
  assert.is(floorDiv(0.3, 0.1), 2);
  assert.is(floorDiv(7, 2), 3);
  assert.is(floorDiv(-1, 3), -1);
  assert.is(floorDiv(1.2, 1), 1);
  assert.is(floorDiv(2, 1), 2);
  assert.is(floorDiv(0.9999999999999999, 1), 0);
});

test('x ** y of floats as Python computes it (C pow, correctly rounded)', () => {
  // [x, y, Python 3's x ** y]; Math.pow is one ulp off on the first eleven (0.9 ** 4 = 0.6561000000000001).
  const cases: [number, number, number][] = [
    [0.9, 4, 0.6561], [0.1, 13, 1.0000000000000007e-13], [0.95, 10, 0.5987369392383787], [0.99, 6, 0.941480149401],
    [0.999, 16, 0.9841194418156399], [0.98, 4, 0.9223681599999999], [0.7, 4, 0.24009999999999995], [1.1, 4, 1.4641000000000004],
    [0.9999, 69, 0.9931234076923386], [2, -0.5, 0.7071067811865476], [2.1, -0.5, 0.6900655593423543],
    [0.95, 13, 0.5133420832795048], [0.98, -7, 1.1519071398120042], [1.5, 0.75, 1.3554030054147672], [0.5, 3, 0.125],
    [0.99, 100000, 0], [10, -3, 0.001], [1.1, 0.9, 1.089565684035974], [3, -0.75, 0.4386913376508308], [2.5, 1.5, 3.952847075210474],
    [0, 0.5, 0], [1, 7.5, 1], [4, 0, 1],
  ];
  for (const [x, y, expected] of cases) assert.is(pythonPow(x, y), expected, `${x} ** ${y}`);
});

test.run();
