// console.log of arrays, variables, parameters and links prints the numpy/Chainer text of
// toString(), through the runtime's own inspect: util.inspect in Node, Deno.inspect in Deno.
// Chromium's console has no hook; there the text is toString() itself.
import { suite } from 'uvu';
import { array, arange, HostArray, L, Parameter, Variable } from '../../src/index';
import * as io from '../../src/io/index';
import { assert } from '../util';

const test = suite('console text of arrays, variables and links');

type Inspect = (value: unknown) => string;
const deno = (globalThis as unknown as { Deno?: { inspect: Inspect } }).Deno;
const inspect: Inspect = deno?.inspect ?? io.builtinModule<{ inspect: Inspect }>('node:util')?.inspect ?? String;

test('NDArray, Variable and Parameter print as numpy and Chainer print them', () => {
  assert.is(inspect(array([[1, 2], [3, 4]])), 'array([[1., 2.],\n       [3., 4.]])');
  assert.is(inspect(array([1, -2], { dtype: 'int32' })), 'array([ 1, -2], dtype=int32)');
  assert.is(inspect(new Variable(array([0.5, 1.5]))), 'variable([0.5, 1.5])');
  assert.is(inspect(new Parameter(array([[0.25]]), null, { name: 'W' })), 'variable W([[0.25]])');
  assert.is(inspect(new HostArray(new Int32Array([7, 8]))), 'HostArray([7, 8], dtype=int32)');
});

test('links print their structure; arrays nested in objects print as text too', () => {
  const model = new L.Sequential(new L.Linear(2, 3));
  assert.is(inspect(new L.Linear(2, 3)), 'Linear(inSize=2, outSize=3, nobias=false)');
  assert.is(inspect(model), String(model));
  assert.ok(String(model).includes('Linear(inSize=2, outSize=3, nobias=false)'));
  if (inspect !== String) assert.ok(inspect({ x: array([1, 2]) }).includes('x: array([1., 2.])'), inspect({ x: array([1, 2]) }));
});

test('large arrays print summarized at once; disposed arrays print instead of throwing', () => {
  const big = arange(2_000_000);
  assert.is(inspect(big), 'array([      0,       1,       2, ..., 1999997, 1999998, 1999999],\n      dtype=int32)');
  const a = array([1, 2]);
  a.dispose();
  assert.is(inspect(a), 'array(<disposed>, shape=(2,), dtype=float32)');
  assert.is(inspect(new Variable(a, { name: 'h' })), 'variable h(<disposed>, shape=(2,), dtype=float32)');
});

test.run();
