import { Variable, array, ones } from '../../src/index';
import { assert, assertClose, describeBackends } from '../util';

describeBackends('seed example', (test) => {
  test('x ** 2 - x + 1 and its gradient, as in Chainer', () => {
    const x = new Variable(array([[0, 2], [1, -3]]));
    const y = x.pow(2).sub(x).add(1);
    assertClose(y, [[1, 3], [1, 13]]);
    assert.is(y.creator!.label, 'AddConstant');
    y.grad = ones(y.shape);
    y.backward();
    assertClose(x.grad!, [[-1, 3], [1, -7]]);
  });
});
