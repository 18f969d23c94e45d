import { suite } from 'uvu';
import { datasets } from '../../src/index';
import * as io from '../../src/io/index';
import { assert, assertThrows } from '../util';
import { withTempDir } from './tmpdir';

const test = suite('getPtbWords');

const TRAIN = ' the cat sat \n the dog <unk> sat\n\n a cat \n';
const VALID = ' the dog \n';
const TEST = ' a bird sat';

test('words of each line then <eos>; ids by first appearance in the training text', () => {
  const [train, valid, test] = datasets.getPtbWords({ text: { train: TRAIN, valid: VALID, test: TEST } });
  // the=0 cat=1 sat=2 <eos>=3 dog=4 <unk>=5 a=6
  assert.equal(Array.from(train), [0, 1, 2, 3, 0, 4, 5, 2, 3, 3, 6, 1, 3]);
  assert.equal(Array.from(valid), [0, 4, 3]);
  // 'bird' is not in the training text: it becomes <unk>.
  assert.equal(Array.from(test), [6, 5, 2, 3]);
  const vocab = datasets.getPtbWordsVocabulary({ text: { train: TRAIN, test: '' } });
  assert.equal([...vocab.entries()], [['the', 0], ['cat', 1], ['sat', 2], ['<eos>', 3], ['dog', 4], ['<unk>', 5], ['a', 6]]);
  assertThrows(() => datasets.getPtbWords({ text: { train: TRAIN, valid: VALID, test: TEST }, unknownWord: 'error' }), 'getPtbWords', "'bird'", 'test');
});

test('files on disk; a missing validation file says what to do', () => {
  if (!io.hasFileSystem()) {
    assertThrows(() => datasets.getPtbWords({ path: 'x' }), 'no file system');
    return;
  }
  withTempDir('kusari-ptb-', (dir) => {
    io.writeAtomic(io.joinPath(dir, 'ptb.train.txt'), TRAIN);
    io.writeAtomic(io.joinPath(dir, 'ptb.test.txt'), TEST);
    assertThrows(() => datasets.getPtbWords({ path: dir }), 'getPtbWords', 'ptb.valid.txt is missing', 'validFromTrain');
    const [train, valid] = datasets.getPtbWords({ path: dir, validFromTrain: 0.25 });
    assert.equal(Array.from(train), [0, 1, 2, 3, 0, 4, 5, 2, 3, 3]);
    assert.equal(Array.from(valid), [6, 1, 3]);
    io.writeAtomic(io.joinPath(dir, 'ptb.valid.txt'), VALID);
    const [, v2, t2] = datasets.getPtbWords({ path: dir });
    assert.equal(Array.from(v2), [0, 4, 3]);
    assert.is(t2.length, 4);
    io.remove(io.joinPath(dir, 'ptb.test.txt'));
    assertThrows(() => datasets.getPtbWords({ path: dir }), 'getPtbWords', 'ptb.test.txt', 'does not exist');
  });
});

test.run();
