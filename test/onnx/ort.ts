// onnxruntime-web (its wasm build) for the ONNX export tests. It is imported from
// node_modules at run time, not bundled: Node finds it from the test bundle; a runtime that
// cannot load it (Chromium, whose page has no module resolution) skips with the reason.
import { NDArray } from '../../src/index';

interface OrtTensor { data: ArrayLike<number>; dims: readonly number[] }
interface OrtSession { run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>> }
interface Ort {
  env: { wasm: { numThreads: number } };
  Tensor: new (type: string, data: Float32Array | Int32Array, dims: readonly number[]) => unknown;
  InferenceSession: { create(bytes: Uint8Array, options?: object): Promise<OrtSession> };
}

let loaded: Promise<Ort | string> | null = null;

/** onnxruntime-web, or why it cannot load in this runtime. */
export function loadOrt(): Promise<Ort | string> {
  const specifier = 'onnxruntime-web';
  loaded ??= (import(/* the package stays outside the bundle */ specifier) as Promise<Ort>).then(
    (ort) => { ort.env.wasm.numThreads = 1; return ort; },
    (e: Error) => `onnxruntime-web cannot load in this runtime (${e.message.split('\n')[0]})`,
  );
  return loaded;
}

/** Runs an exported model on the inputs (by graph input name); returns its outputs by name. */
export async function runOnnx(ort: Ort, bytes: Uint8Array, feeds: Record<string, NDArray>): Promise<Record<string, { values: number[]; shape: number[] }>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const tensors = Object.fromEntries(Object.entries(feeds).map(([name, a]) => [name, new ort.Tensor(a.dtype, a.dataSync().slice(), a.shape)]));
  const out = await session.run(tensors);
  return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, { values: Array.from(t.data), shape: [...t.dims] }]));
}
