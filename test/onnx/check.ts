// Runs an exported model in onnxruntime and compares it with kusari's forward.
import { NDArray, Variable, exportOnnx, usingConfig, type ExportOnnxOptions, type OnnxExportable } from '../../src/index';
import { assert, assertClose } from '../util';
import { loadOrt, runOnnx } from './ort';

type Ort = Exclude<Awaited<ReturnType<typeof loadOrt>>, string>;

let told = false;

/** onnxruntime, or null (and the reason printed once) where it cannot load. */
export async function ortOrSkip(): Promise<Ort | null> {
  const ort = await loadOrt();
  if (typeof ort !== 'string') return ort;
  if (!told) console.log(`  skipped: the ONNX export tests that run onnxruntime: ${ort}`);
  told = true;
  return null;
}

/** The model's outputs in test mode, as a list. */
export function predict(model: OnnxExportable, inputs: readonly NDArray[]): NDArray[] {
  const vs = inputs.map((x) => new Variable(x, { requiresGrad: false }));
  const y = usingConfig('train', false, () => ('forward' in model ? model.forward(...vs) : model(...vs))) as Variable | Variable[];
  return (Array.isArray(y) ? y : [y]).map((v) => v.array);
}

/** onnxruntime's outputs of the model on inputs (named input0, input1, ...), in order. */
export async function runExported(ort: Ort, bytes: Uint8Array, inputs: readonly NDArray[]): Promise<{ values: number[]; shape: number[] }[]> {
  const out = await runOnnx(ort, bytes, Object.fromEntries(inputs.map((x, i) => [`input${i}`, x])));
  return Object.keys(out).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((k) => out[k]);
}

/** Asserts that onnxruntime's outputs equal the expected arrays within 1e-5, shapes included. */
export function assertOutputsClose(actual: { values: number[]; shape: number[] }[], expected: readonly NDArray[], atol = 1e-5): void {
  assert.is(actual.length, expected.length, 'number of outputs');
  actual.forEach((a, i) => {
    assert.equal(a.shape, [...expected[i].shape], `output ${i} shape`);
    try {
      assertClose(a.values, expected[i].dataSync(), { atol, rtol: 1e-5 });
    } catch (e) {
      throw new Error(`output ${i}: ${(e as Error).message}`);
    }
  });
}

/**
 * Exports the model on inputs, runs the export on each input list of `runs` (the example
 * itself by default) and compares it with kusari's forward on the same inputs.
 */
export async function assertExportMatches(model: OnnxExportable, inputs: readonly NDArray[], options: ExportOnnxOptions & { runs?: readonly NDArray[][]; atol?: number } = {}): Promise<Uint8Array | null> {
  const { runs = [inputs], atol, ...exportOptions } = options;
  const bytes = exportOnnx(model, inputs, exportOptions);
  const ort = await ortOrSkip();
  if (!ort) return bytes;
  for (const xs of runs) assertOutputsClose(await runExported(ort, bytes, xs), predict(model, xs), atol);
  return bytes;
}
