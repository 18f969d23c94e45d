// Every function node with an ONNX form, by its name (FunctionNode.label).
import { activationConverters } from './activation';
import { arrayConverters } from './array';
import { connectionConverters } from './connection';
import type { Converter } from './converter';
import { lossConverters } from './loss';
import { mathConverters } from './math';
import { normalizationConverters } from './normalization';
import { poolingConverters } from './pooling';
import { rnnConverters } from './rnn';

export type { Converter } from './converter';

export const converters: ReadonlyMap<string, Converter> = new Map(Object.entries({
  ...activationConverters, ...arrayConverters, ...connectionConverters, ...lossConverters, ...mathConverters,
  ...normalizationConverters, ...poolingConverters, ...rnnConverters,
}));
