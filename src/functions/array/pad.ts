// Pad: numpy.pad of a Variable. The gradient (PadGrad) keeps the interior for constant
// padding and adds every copied element back into its source for the other modes: the
// derivative, which numerical gradient checks hold it to. (Chainer's Pad keeps only the
// interior in every mode, so its gradient of 'edge', 'reflect', 'symmetric' and 'wrap'
// padding leaves out what the copies received.)
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { readArguments, showValue } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';
import { STAT_PAD_MODES, type StatPadMode, padLinearRamp, padReflectOdd, padStatistic } from './pad-stat';

type Grad = (Variable | null)[];

export class Pad extends FunctionNode {
  constructor(readonly padWidth: ops.PadWidth, readonly mode: ops.PadMode, readonly constantValues: ops.PadWidth = 0) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    return [ops.pad(x, this.padWidth, this.mode, { constantValues: this.constantValues })];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    return new PadGrad(this.inputs[0].shape, this.padWidth, this.mode).apply([gy!]);
  }
}

export class PadGrad extends FunctionNode {
  constructor(readonly inShape: readonly number[], readonly padWidth: ops.PadWidth, readonly mode: ops.PadMode) { super(); }
  forward([gy]: NDArray[]): NDArray[] {
    return [ops.padGrad(gy, this.inShape, this.padWidth, this.mode)];
  }
  override backward(_: number[], [ggx]: Grad): Grad {
    return new Pad(this.padWidth, this.mode, 0).apply([ggx!]);
  }
}

export interface FunctionPadOptions extends ops.PadOptions {
  /** Statistic modes: how many elements at each end the statistic reads (numpy's stat_length; null, the whole axis). */
  statLength?: PadLengths;
  /** linear_ramp: the values the ramps start from (numpy's end_values), 0 by default. */
  endValues?: ops.PadWidth;
  /** reflect and symmetric: 'even' (default) mirrors the values, 'odd' takes 2 edge - value (numpy's reflect_type). */
  reflectType?: 'even' | 'odd';
}

export type FunctionPadMode = ops.PadMode | StatPadMode | 'linear_ramp';
type PadLengths = number | null | readonly (number | null)[] | readonly (readonly (number | null)[])[];

// numpy.pad's keyword arguments by mode ('unsupported keyword arguments for mode ...').
const MODE_OPTIONS: Record<string, string[]> = {
  constant: ['constantValues'], edge: [], wrap: [], reflect: ['reflectType'], symmetric: ['reflectType'], linear_ramp: ['endValues'],
  maximum: ['statLength'], minimum: ['statLength'], mean: ['statLength'], median: ['statLength'],
};

/**
 * Pads x as numpy.pad: padWidth is a number, [before, after] or one pair per axis; mode
 * is 'constant' (default, filled with constantValues), 'edge', 'reflect', 'symmetric',
 * 'wrap', 'maximum', 'minimum', 'mean', 'median' (reading statLength) or 'linear_ramp'
 * (reading endValues); reflect and symmetric read reflectType. Gradients are exact in every mode.
 */
export function pad(x: VariableLike, padWidth: ops.PadWidth, mode: FunctionPadMode | FunctionPadOptions = 'constant', options?: FunctionPadOptions): Variable {
  const v = asVariable(x, 'pad: x');
  const o = readArguments('pad', [mode, options], ['mode'], { mode: 'constant' as FunctionPadMode, constantValues: 0 as ops.PadWidth, statLength: null as PadLengths, endValues: 0 as ops.PadWidth, reflectType: 'even' as 'even' | 'odd' });
  if (v.dtype !== 'float32') throw new TypeError(`pad: x must be float32, got ${v.dtype} (use ops.pad for int32 arrays)`);
  const allowed = MODE_OPTIONS[o.mode as string];
  if (!allowed) throw new RangeError(`pad: mode '${String(o.mode)}' is not supported (expected one of ${Object.keys(MODE_OPTIONS).join(', ')})`);
  const given = [mode, options].find((a) => typeof a === 'object' && a !== null) as Record<string, unknown> | undefined;
  const surplus = Object.keys(given ?? {}).filter((k) => k !== 'mode' && given![k] !== undefined && !allowed.includes(k));
  if (surplus.length) throw new TypeError(`pad: unsupported options for mode '${o.mode}': ${surplus.join(', ')}`);
  // Check the arguments now, so a mistake is reported at the call.
  const pairs = ops.padPairs('pad', 'padWidth', padWidth, v.ndim, true);
  if (STAT_PAD_MODES.includes(o.mode)) return padStatistic(v, pairs, o.mode as StatPadMode, statLengths(o.statLength, v.ndim));
  if (o.mode === 'linear_ramp') return padLinearRamp(v, pairs, ops.padPairs('pad', 'endValues', o.endValues, v.ndim, false));
  if (o.reflectType !== 'even' && o.reflectType !== 'odd') throw new RangeError(`pad: reflectType must be 'even' or 'odd', got ${showValue(o.reflectType)}`);
  if (o.reflectType === 'odd') return padReflectOdd(v, pairs, o.mode === 'symmetric');
  return new Pad(padWidth, o.mode as ops.PadMode, o.constantValues).apply([v])[0];
}

/** stat_length as one [before, after] pair per axis: null (the whole axis) or non-negative integers. */
function statLengths(lengths: PadLengths, ndim: number): [number | null, number | null][] {
  if (lengths === null) return Array.from({ length: ndim }, () => [null, null]);
  const hasNull = (v: unknown): boolean => v === null || (Array.isArray(v) && v.some(hasNull));
  if (hasNull(lengths)) {
    // numpy reads a None inside stat_length as the whole axis too: -1 stands for it while broadcasting
    const marked = (v: unknown): unknown => (v === null ? -1 : Array.isArray(v) ? v.map(marked) : v);
    return ops.padPairs('pad', 'statLength', marked(lengths) as ops.PadWidth, ndim, false).map(([b, a]) => [b === -1 ? null : checkLength(b), a === -1 ? null : checkLength(a)]);
  }
  return ops.padPairs('pad', 'statLength', lengths as ops.PadWidth, ndim, true);
}

function checkLength(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pad: statLength must hold non-negative integers or null, got ${n}`);
  return n;
}

keepsNoGradients(Pad, PadGrad);
