import { random, array, Variable, FunctionNode } from '../../src/index';
import { StochasticResNet } from '../../examples/stochastic-resnet/model';
import { assert, describeBackends, randomValues } from '../util';

/** The function labels of the graph behind y and the leaves (parameters, inputs) it reaches. */
function walk(y: Variable): { labels: string[]; leaves: Set<Variable> } {
  const seen = new Set<FunctionNode>();
  const leaves = new Set<Variable>();
  const stack: FunctionNode[] = y.creator ? [y.creator] : [];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const x of f.inputs) {
      if (x.creator) stack.push(x.creator);
      else leaves.add(x);
    }
  }
  return { labels: [...seen].map((f) => f.label), leaves };
}

describeBackends('stochastic-depth ResNet example', (test) => {
  test('training iterations build different graphs, reproducibly under one seed', () => {
    const x = array(randomValues(2 * 784, 3, 0, 1), { shape: [2, 1, 28, 28] });
    const run = (seed: number) => {
      random.seed(seed);
      const net = new StochasticResNet(4, 4);
      const names = new Map<Variable, string>(net.namedparams().map(([path, p]) => [p as Variable, path]));
      const graphs: string[] = [];
      const actives: string[] = [];
      for (let i = 0; i < 8; i++) {
        const y = net.forward(x);
        const { labels, leaves } = walk(y);
        // The stem has one convolution and every block that ran adds two.
        const convs = labels.filter((l) => l === 'Convolution2DFunction').length;
        assert.is(convs, 1 + 2 * net.lastActive.filter(Boolean).length);
        // A graph is identified by the parameters it reaches, i.e. by which blocks ran.
        graphs.push([...leaves].map((v) => names.get(v)).filter(Boolean).sort().join(','));
        actives.push(net.lastActive.join(','));
      }
      return { graphs, actives };
    };
    const a = run(5), b = run(5);
    assert.equal(a.actives, b.actives, 'the same seed gives the same sequence of graphs');
    assert.ok(new Set(a.graphs).size >= 2, `8 iterations built only ${new Set(a.graphs).size} distinct graph(s)`);
    assert.is(new Set(a.graphs).size, new Set(a.actives).size);
  });
});
