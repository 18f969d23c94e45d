import { L, array } from '../../src/index';
import { assert, assertClose, describeBackends } from '../util';
import { checkLinkBackward } from './link-gradient';

describeBackends('L.PReLU', (test) => {
  test('PReLU: W starts at 0.25, shape () by default or broadcast from axis 1', () => {
    const p = new L.PReLU();
    assert.equal(p.W.shape, []);
    assertClose(p.W.array, 0.25);
    assertClose(p.forward(array([[-4, 2], [1, -1]])), [[-1, 2], [1, -0.25]]);
    const q = new L.PReLU([2], { init: array([0.5, 0.1]) });
    assertClose(q.forward(array([[-2, -10], [3, -1]])), [[-1, -1], [3, -0.1]], { atol: 1e-6 });
    checkLinkBackward(q, (x) => q.forward(x), [array([[-2, 1.5], [0.7, -1.3], [-0.4, 0.9]])]);
  });

  test('the slope gets its gradient: sum over the elements where x < 0', () => {
    const p = new L.PReLU();
    const y = p.forward(array([[-2, 3], [-0.5, 1]]));
    y.grad = array([[1, 1], [2, 1]]);
    p.cleargrads();
    y.backward();
    assertClose(p.W.grad!, -3);
    assert.equal(String(p), 'PReLU(shape=())');
  });
});
