import { Chain, ChainList, L, Link, NDArray, Parameter, Sequential, Variable, array, initializers, zeros, F } from '../../src/index';
import type { SerialValue } from '../../src/serializers/index';
import { assert, assertClose, assertThrows, describeBackends } from '../util';
import { MemorySerializer } from './memory-serializer';

/** A tiny affine link built only from addParam, independent of the library's links. */
class Affine extends Link {
  declare W: Parameter;
  declare b: Parameter;
  constructor(inSize: number, outSize: number) {
    super();
    this.addParam('W', [outSize, inSize], { initializer: new initializers.Normal(1) });
    this.addParam('b', [outSize], { initializer: 0 });
  }
  override forward(x: Variable): Variable {
    return F.matmul(x, this.W.T).add(this.b);
  }
}

class MLP extends Chain {
  l2 = new Affine(3, 2);
  l1 = new Affine(4, 3);
  bias = new Parameter(0, [2]);
  override forward(x: Variable): Variable {
    return this.l2.forward(F.tanh(this.l1.forward(x))).add(this.bias);
  }
}

const paths = (l: Link) => l.namedparams().map(([p]) => p);

describeBackends('Link and Chain', (test) => {
  test('class fields register children and parameters in Chainer order', () => {
    const m = new MLP();
    // Own parameters sorted by name first, then children sorted by name.
    assert.equal(paths(m), ['/bias', '/l1/W', '/l1/b', '/l2/W', '/l2/b']);
    assert.equal(m.params().map((p) => p.shape), [[2], [3, 4], [3], [2, 3], [2]]);
    assert.equal(m.params().map((p) => p.name), ['bias', 'W', 'b', 'W', 'b']);
    assert.equal(m.namedlinks().map(([p]) => p), ['/', '/l1', '/l2']);
    assert.equal(m.namedlinks(true).map(([p]) => p), ['/l1', '/l2']);
    assert.equal(m.children().map((c) => c.name), ['l1', 'l2']);
    assert.is(m.links().length, 3);
    assert.is(m.countParams(), 2 + 12 + 3 + 6 + 2);
  });

  test('EmbedID, DepthwiseConvolution2D and the GRUs take every argument as an option too', () => {
    // Chainer's EmbedID(in_size=5, out_size=3), DepthwiseConvolution2D(3, 2, ksize=3), StatelessGRU(3, out_size=4)
    assert.equal(new L.EmbedID({ inSize: 5, outSize: 3, ignoreLabel: -1 }).W.shape, [5, 3]);
    assert.equal(new L.DepthwiseConvolution2D(3, 2, { ksize: 3, nobias: true }).namedparams().map(([n, p]) => [n, p.shape]), [['/W', [2, 3, 3, 3]]]);
    assert.equal(new L.StatelessGRU(3, { outSize: 4 }).W_r.W.shape, [4, 3]);
    assert.equal(new L.StatefulGRU({ inSize: 3, outSize: 4 }).U.W.shape, [4, 4]);
    assertThrows(() => new L.EmbedID({ inSize: 5 }), 'EmbedID', 'outSize');
  });

  test('params() lists the parameters of namedparams(), in its order, without the paths', () => {
    class Net extends Chain {
      z = new Parameter(1, [1]);
      lazy = new Parameter(2);
      head = new Affine(2, 1);
      layers = new ChainList<Link>(new Affine(1, 2), new Sequential(new Affine(2, 2)));
      a = new Parameter(3, [2]);
    }
    const n = new Net();
    for (const includeUninit of [true, false]) {
      const expected = n.namedparams(includeUninit).map(([, p]) => p);
      assert.is(expected.length, includeUninit ? 9 : 8);
      const got = n.params(includeUninit);
      assert.is(got.length, expected.length);
      got.forEach((p, i) => assert.ok(p === expected[i], `parameter ${i} of params(${includeUninit})`));
    }
    assert.equal(n.params().slice(0, 3).map((p) => p.name), ['a', 'lazy', 'z']);
  });

  test('nested chains give nested paths', () => {
    class Outer extends Chain {
      predictor = new MLP();
      head = new Affine(2, 1);
    }
    const o = new Outer();
    assert.equal(paths(o), ['/head/W', '/head/b', '/predictor/bias', '/predictor/l1/W', '/predictor/l1/b', '/predictor/l2/W', '/predictor/l2/b']);
    assert.equal(o.namedlinks().map(([p]) => p), ['/', '/head', '/predictor', '/predictor/l1', '/predictor/l2']);
  });

  test('addParam, addLink and addPersistent register under a name', () => {
    const c = new Chain();
    c.addLink('fc', new Affine(2, 2));
    const p = c.addParam('scale', [1], { initializer: 2 });
    c.addPersistent('count', 3);
    assert.ok(p instanceof Parameter);
    assertClose(p.array, [2]);
    assert.equal(paths(c), ['/scale', '/fc/W', '/fc/b']);
    assert.equal(c.persistentNames(), ['count']);
    assertThrows(() => c.addParam('scale', [1]), 'addParam', "'scale'", 'attribute exists');
    assertThrows(() => c.addLink('fc', new Affine(1, 1)), 'addLink', "'fc'");
    assertThrows(() => c.addPersistent('count', 1), 'addPersistent', "'count'");
    assertThrows(() => c.registerPersistent('missing'), 'registerPersistent', 'missing');
    const d = new Chain({ a: new Affine(1, 1) });
    assert.equal(paths(d), ['/a/W', '/a/b']);
    // Chain(null) has no children; anything but an object of links is named
    assert.equal(paths(new Chain(null)), []);
    assertThrows(() => new Chain(5 as unknown as Record<string, Link>), 'Chain', 'children', '5');
  });

  test("Parameter's third argument is the name, as Chainer's, or {name}", () => {
    assert.is(new Parameter(1, [2], 'W').name, 'W');
    assert.is(new Parameter(1, [2], { name: 'b' }).name, 'b');
    assert.is(new Parameter(1, [2], null).name, null);
    assertThrows(() => new Parameter(1, [2], { nme: 'b' } as never), 'Parameter', "unknown option 'nme'");
    assertThrows(() => new Parameter(1, [2], 5 as never), 'Parameter', 'options', '5');
  });

  test('an uninitialized parameter is created on first use from its initializer', () => {
    const p = new Parameter(new initializers.Constant(0.5));
    assert.not.ok(p.isInitialized);
    assertThrows(() => p.array, 'has no data');
    p.zerograd();
    p.initialize([2, 3]);
    assert.equal(p.shape, [2, 3]);
    assertClose(p.array, [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]);
    // zerograd() before initialization gives a zero gradient once data exists.
    assertClose(p.grad!, [[0, 0, 0], [0, 0, 0]]);
    const q = new Parameter(array([1, 2]));
    assertClose(q.array, [1, 2]);
    const r = new Parameter();
    r.initialize([2]);
    assert.ok(Number.isNaN(r.array.toTypedArray()[0]), 'the default initializer is NaN, as Chainer');
    const c = new Chain();
    c.addParam('lazy');
    assert.equal(c.namedparams(false).map(([n]) => n), []);
    assert.equal(c.namedparams(true).map(([n]) => n), ['/lazy']);
  });

  test('cleargrads and zerograds', () => {
    const m = new MLP();
    const x = new Variable(array([[1, 2, 3, 4]]));
    m.forward(x).sum().backward();
    assert.ok(m.params().every((p) => p.grad !== null));
    m.cleargrads();
    assert.ok(m.params().every((p) => p.grad === null));
    m.zerograds();
    for (const p of m.params()) assertClose(p.grad!, new Float32Array(p.size));
  });

  test('gradients reach every parameter through the chain', () => {
    const m = new MLP();
    const x = array([[0.5, -1, 2, 0.25], [1, 0, -0.5, 0.75]]);
    const y = m.forward(new Variable(x)).sum();
    m.cleargrads();
    y.backward();
    // d sum(y) / d bias = number of rows
    assertClose(m.bias.grad!, [2, 2]);
    // d sum / d l2.b = 2 as well; d / d l1.b = sum over rows of (1 - h^2) * column sums of W2
    const W1 = m.l1.W.array.toArray() as number[][], W2 = m.l2.W.array.toArray() as number[][];
    const xs = x.toArray() as number[][];
    const g1 = [0, 0, 0];
    for (const row of xs) {
      for (let j = 0; j < 3; j++) {
        const h = Math.tanh(W1[j].reduce((s, w, k) => s + w * row[k], 0));
        g1[j] += (1 - h * h) * (W2[0][j] + W2[1][j]);
      }
    }
    assertClose(m.l1.b.grad!, g1, { atol: 1e-5 });
  });

  test('copyparams copies data and persistents by name', () => {
    const a = new MLP(), b = new MLP();
    a.addPersistent('steps', 7);
    b.addPersistent('steps', 0);
    assert.not.equal(b.l1.W.array.toArray(), a.l1.W.array.toArray());
    b.copyparams(a);
    a.namedparams().forEach(([, p], i) => assertClose(b.namedparams()[i][1].array, p.array, { atol: 0 }));
    assert.is((b as unknown as { steps: number }).steps, 7);
    // a missing source or serializer is named, not a property read of undefined
    assertThrows(() => (b.copyparams as (l?: unknown) => void)(), 'copyparams', 'link must be a Link', 'undefined');
    assertThrows(() => (b.serialize as (s: unknown) => void)(null), 'serialize', 'serializer', 'null');
  });

  test("copyparams follows Chainer's copydata: the source broadcasts (numpy.copyto), an uninitialized source takes this shape", () => {
    // Chainer 7.8.1: Linear(2, 3).copyparams(Linear(2, 1, initialW=7, initial_bias=2)) gives
    // W = 7 of shape (3, 2) and b = [2, 2, 2]; Linear(3, 2) as the source raises.
    const a = new L.Linear(2, 3);
    a.copyparams(new L.Linear(2, 1, { initialW: 7, initialBias: 2 }));
    assertClose(a.W.array, [[7, 7], [7, 7], [7, 7]], { atol: 0 });
    assertClose(a.b!.array, [2, 2, 2], { atol: 0 });
    assertThrows(() => a.copyparams(new L.Linear(3, 2)), 'copydata', '(2, 3)', '(3, 2)');
    // An uninitialized source is initialized from its initializer with the destination's
    // shape, then copied: both W are ones of shape (3, 2).
    const src = new L.Linear(null, 3, { initialW: new initializers.Constant(1) });
    a.copyparams(src);
    assertClose(a.W.array, [[1, 1], [1, 1], [1, 1]], { atol: 0 });
    assertClose(src.W.array, [[1, 1], [1, 1], [1, 1]], { atol: 0 });
    // Both uninitialized: nothing to copy.
    const u = new L.Linear(null, 3);
    u.copyparams(new L.Linear(null, 3));
    assert.not.ok(u.W.hasData);
  });

  test('a parameter made from an array and a shape broadcasts the array (Chainer: Constant(array))', () => {
    // Chainer 7.8.1: link.add_param('w', (3, 2), initializer=np.array([1, 2])) is [[1, 2]] * 3
    // with a NaN gradient; shape (2, 3) raises (could not broadcast).
    const l = new Link();
    const w = l.addParam('w', [3, 2], { initializer: array([1, 2]) });
    assertClose(w.array, [[1, 2], [1, 2], [1, 2]], { atol: 0 });
    assert.ok(Array.from(w.grad!.toTypedArray()).every(Number.isNaN));
    assertThrows(() => l.addParam('v', [2, 3], { initializer: array([1, 2]) }), '(2,)', '(2, 3)');
    assert.equal(new Parameter(array([1, 2]), [2, 2]).shape, [2, 2]);
    // Without a shape the array is the data, with no gradient.
    const p = new Parameter(array([1, 2]));
    assert.equal(p.shape, [2]);
    assert.is(p.grad, null);
  });

  test('addgrads adds the gradients of a link of the same structure', () => {
    const a = new MLP(), b = new MLP();
    b.copyparams(a);
    const x = new Variable(array([[1, 2, 3, 4]]));
    a.forward(x).sum().backward();
    b.forward(x).sum().backward();
    const before = b.l1.W.grad!.toTypedArray();
    b.addgrads(a);
    assertClose(b.l1.W.grad!, Array.from(before, (v) => 2 * v), { atol: 1e-6 });
    const c = new MLP();
    c.addgrads(a);
    assertClose(c.l1.W.grad!, a.l1.W.grad!, { atol: 0 });
  });

  test('serialize saves params, persistents and children by path and loads them back', () => {
    const a = new MLP();
    a.addPersistent('avg', array([1, 2]));
    a.l1.addPersistent('N', 5, 'int');
    const store = new Map<string, SerialValue>();
    a.serialize(new MemorySerializer(store, false));
    assert.equal([...store.keys()].sort(), ['avg', 'bias', 'l1/N', 'l1/W', 'l1/b', 'l2/W', 'l2/b']);
    const b = new MLP();
    b.addPersistent('avg', zeros([2]));
    b.l1.addPersistent('N', 0, 'int');
    b.serialize(new MemorySerializer(store, true));
    assertClose(b.l1.W.array, a.l1.W.array, { atol: 0 });
    assertClose((b as unknown as { avg: NDArray }).avg, [1, 2]);
    assert.is((b.l1 as unknown as { N: number }).N, 5);
  });

  test('loading into an uninitialized parameter initializes it with the stored shape', () => {
    const store = new Map<string, SerialValue>([['W', array([[1, 2, 3]])]]);
    const l = new Link();
    const W = l.addParam('W');
    l.serialize(new MemorySerializer(store, true));
    assert.equal(W.shape, [1, 3]);
    assertClose(W.array, [[1, 2, 3]]);
    // Saving an uninitialized parameter records null.
    const out = new Map<string, SerialValue>();
    const u = new Link();
    u.addParam('W');
    u.serialize(new MemorySerializer(out, false));
    assert.is(out.get('W'), null);
  });

  test('ChainList names children by index', () => {
    const cl = new ChainList(new Affine(2, 3), new Affine(3, 1));
    cl.append(new Affine(1, 1));
    assert.is(cl.length, 3);
    assert.equal(paths(cl), ['/0/W', '/0/b', '/1/W', '/1/b', '/2/W', '/2/b']);
    assert.equal([...cl].map((l) => l.name), ['0', '1', '2']);
    assert.is(cl.at(-1), cl.at(2));
    assertThrows(() => cl.at(3), 'at', '3');
    const store = new Map<string, SerialValue>();
    cl.serialize(new MemorySerializer(store, false));
    assert.ok(store.has('1/W'));
    // A chain holding a ChainList nests the index paths.
    class Net extends Chain { layers = new ChainList(new Affine(1, 1)); }
    assert.equal(paths(new Net()), ['/layers/0/W', '/layers/0/b']);
  });

  test('Sequential applies links and functions in order; only links are children', () => {
    const a = new Affine(2, 3), b = new Affine(3, 1);
    const s = new Sequential(a, F.tanh, b);
    assert.is(s.length, 3);
    assert.equal(paths(s), ['/0/W', '/0/b', '/1/W', '/1/b']);
    const x = new Variable(array([[1, -1], [0.5, 2]]));
    const expected = b.forward(F.tanh(a.forward(x)));
    assertClose(s.forward(x), expected.array);
    s.insert(0, (v: Variable) => v.mul(2));
    assertClose(s.forward(x), b.forward(F.tanh(a.forward(x.mul(2)))).array);
    assert.is(s.pop(0) instanceof Link, false);
    assertThrows(() => s.append(3 as unknown as Link), 'Sequential', 'Link or a function');
  });

  test("Sequential names its links in Chainer 7's order (issue #6053), which npz keys follow", () => {
    // Chainer 7.8.1: appending Linear layers with biases 0..5 gives _children biases
    // [0, 5, 4, 3, 2, 1]; functions between links count as positions in its search.
    const biasByPath = (s: Sequential) => s.namedparams().filter(([p]) => p.endsWith('/b')).map(([p, b]) => [p, b.array.toArray()]);
    const lin = (i: number) => new L.Linear(1, 1, { initialW: 1, initialBias: i });
    const six = new Sequential(...[0, 1, 2, 3, 4, 5].map(lin));
    assert.equal(biasByPath(six), [['/0/b', [0]], ['/1/b', [5]], ['/2/b', [4]], ['/3/b', [3]], ['/4/b', [2]], ['/5/b', [1]]]);
    const mixed = new Sequential(lin(0), F.relu, lin(1), F.tanh, lin(2), lin(3));
    assert.equal(biasByPath(mixed).map(([, b]) => b), [[0], [3], [2], [1]]);
    mixed.insert(1, lin(9));
    assert.equal(biasByPath(mixed).map(([, b]) => b), [[0], [9], [3], [2], [1]]);
    mixed.pop(0);
    assert.equal(biasByPath(mixed), [['/0/b', [9]], ['/1/b', [3]], ['/2/b', [2]], ['/3/b', [1]]]);
    // The layers themselves still run, and at(), length and iteration visit every layer,
    // functions included, in the order given (Chainer's seq[i], len(seq), iter(seq)).
    const bias = (l: unknown) => (l instanceof L.Linear ? l.b!.array.dataSync()[0] : (l as { name: string }).name);
    assert.equal([...mixed].map(bias), [9, 'relu', 1, 'tanh', 2, 3]);
    assert.equal(Array.from({ length: mixed.length }, (_, i) => bias(mixed.at(i))), [9, 'relu', 1, 'tanh', 2, 3]);
    assert.is(mixed.at(1), F.relu);
    assert.equal(bias(mixed.at(-1)), 3);
    assertThrows(() => mixed.at(6), 'Sequential.at', 'out of range for 6 layers');
    const x = new Variable(array([[1]]));
    assertClose(mixed.forward(x), [[6]]);
    mixed.remove(F.relu);
    assert.is(mixed.length, 5);
    assertThrows(() => mixed.insert(7, F.relu), 'Sequential.insert', 'out of range');
    assertThrows(() => new Sequential().forward(x), 'Sequential', 'at least one layer');
  });

  test("a parameter's gradient starts as NaN, as Chainer 7's (a backward without cleargrads() shows up)", () => {
    const isNaNs = (g: NDArray | null) => g !== null && Array.from(g.dataSync()).every(Number.isNaN);
    const l = new L.Linear(2, 3);
    assert.ok(isNaNs(l.W.grad) && isNaNs(l.b!.grad), 'W and b start with NaN gradients');
    const x = array([[1, 2]]);
    l.forward(x).sum().backward();
    assert.ok(isNaNs(l.W.grad), 'NaN + g without cleargrads');
    l.cleargrads();
    l.forward(x).sum().backward();
    assertClose(l.b!.grad!, [1, 1, 1]);
    // A parameter made from an array has no gradient; cleargrad or zerograd before the data
    // exists decides what initialize() gives instead of NaN.
    assert.is(new Parameter(array([1, 2])).grad, null);
    const lazy = new L.Linear(null, 2);
    lazy.cleargrads();
    lazy.forward(x);
    assert.is(lazy.W.grad, null);
    const lazyZero = new L.Linear(null, 2);
    lazyZero.zerograds();
    lazyZero.forward(x);
    assert.equal(lazyZero.W.grad!.toArray(), [[0, 0], [0, 0]]);
    const fresh = new L.Linear(null, 2);
    fresh.forward(x);
    assert.ok(isNaNs(fresh.W.grad));
  });

  test('forward must be defined by the user', () => {
    assertThrows(() => new Link().forward(), 'Link', 'forward is not implemented');
  });
});

describeBackends('Link printing', (test) => {
  test('toString shows the structure as Chainer prints it', () => {
    class Net extends Chain {
      l1 = new L.Linear(784, 100);
      body = new Sequential(new L.Linear(100, 10), F.tanh);
    }
    assert.is(String(new Net()), [
      'Net(',
      '  (body): Sequential(',
      '    (0): Linear(inSize=100, outSize=10, nobias=false),',
      '    (1): <function tanh>,',
      '  ),',
      '  (l1): Linear(inSize=784, outSize=100, nobias=false),',
      ')',
    ].join('\n'));
    assert.is(String(new L.BatchNormalization(3)), 'BatchNormalization(size=(3), decay=0.9, eps=0.00002)');
    // the unary math functions keep their names too
    assert.is(String(new Sequential(F.exp, F.sin, F.log1p)), 'Sequential(\n  (0): <function exp>,\n  (1): <function sin>,\n  (2): <function log1p>,\n)');
  });
});
