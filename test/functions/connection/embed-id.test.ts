import { F, Variable, array, gradientCheck } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

const ids = (data: number[], shape = [data.length]) => array(Int32Array.from(data), { shape, dtype: 'int32' });

describeBackends('F.embedId', (test) => {
  test('looks up rows of W (vocab, dim); x of any shape gets a trailing dim axis', () => {
    const W = new Variable(array([[0, 1, 2], [10, 11, 12], [20, 21, 22], [30, 31, 32]]));
    const y = F.embedId(ids([2, 0, 2, 3], [2, 2]), W);
    assertClose(y, [[[20, 21, 22], [0, 1, 2]], [[20, 21, 22], [30, 31, 32]]]);
    assert.is(y.creator!.label, 'EmbedIDFunction');
  });

  test('values against a reference loop with a wide row', () => {
    const vocab = 11, dim = 13;
    const Wd = randomValues(vocab * dim, 1);
    const x = [3, 10, 0, 3, 7];
    const expected = new Float64Array(x.length * dim);
    x.forEach((id, i) => { for (let j = 0; j < dim; j++) expected[i * dim + j] = Wd[id * dim + j]; });
    assertClose(F.embedId(ids(x), array(Wd, { shape: [vocab, dim] })), expected);
  });

  test('ignoreLabel rows are zero and get no gradient; repeated ids add up', () => {
    const W = new Variable(array([[1, 2], [3, 4], [5, 6]]));
    const y = F.embedId(ids([1, -1, 1, 2]), W, { ignoreLabel: -1 });
    assertClose(y, [[3, 4], [0, 0], [3, 4], [5, 6]]);
    y.grad = array([[1, 1], [100, 100], [2, 3], [4, 5]]);
    y.backward();
    assertClose(W.grad!, [[0, 0], [3, 4], [4, 5]]);
  });

  test('gradient check and double backprop for W', () => {
    const x = ids([0, 4, 2, 2, -1, 1], [2, 3]);
    const W = array(randomValues(5 * 6, 2), { shape: [5, 6] });
    gradientCheck.checkBackward((x, W) => F.embedId(x, W, { ignoreLabel: -1 }), [x, W]);
    gradientCheck.checkDoubleBackward((x, W) => F.embedId(x, W, { ignoreLabel: -1 }), [x, W],
      array(randomValues(2 * 3 * 6, 3), { shape: [2, 3, 6] }), array(randomValues(30, 4), { shape: [5, 6] }));
  });

  test('errors: ids outside the vocabulary, float x, W not 2-D', () => {
    const W = array(new Float32Array(10 * 3), { shape: [10, 3] });
    assertThrows(() => F.embedId(ids([1, 10]), W), 'embedId', '10', 'vocabulary of size 10');
    assertThrows(() => F.embedId(ids([-1]), W), 'embedId', '-1', 'vocabulary of size 10');
    assertThrows(() => F.embedId(ids([-2]), W, { ignoreLabel: -1 }), 'embedId', '-2');
    assertThrows(() => F.embedId(array([1, 2]), W), 'embedId', 'x', 'int32');
    assertThrows(() => F.embedId(ids([3], []), W), 'embedId', 'x', '0-d');
    assertThrows(() => F.embedId(ids([1]), array([1, 2, 3])), 'embedId', 'W');
  });
});
