// Finding a WebGL2 context that can render to float textures: an OffscreenCanvas (pages
// and workers) or a canvas element. Where there is none the reason is kept, so that
// `backend.use('webgl')` can say why.

export type ContextResult = { gl: WebGL2RenderingContext } | { reason: string };

interface CanvasLike {
  getContext(kind: 'webgl2', attributes?: WebGLContextAttributes): WebGL2RenderingContext | null;
}

function makeCanvas(): CanvasLike | null {
  const g = globalThis as { OffscreenCanvas?: new (w: number, h: number) => CanvasLike; document?: { createElement(tag: string): CanvasLike } };
  if (typeof g.OffscreenCanvas === 'function') return new g.OffscreenCanvas(1, 1);
  if (g.document) return g.document.createElement('canvas');
  return null;
}

export function createContext(): ContextResult {
  const canvas = makeCanvas();
  if (!canvas) return { reason: 'no OffscreenCanvas or document in this runtime' };
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = canvas.getContext('webgl2', { alpha: false, antialias: false, depth: false, stencil: false, preserveDrawingBuffer: false, powerPreference: 'high-performance' });
  } catch (e) {
    return { reason: `creating a WebGL2 context failed: ${(e as Error).message}` };
  }
  if (!gl) return { reason: 'WebGL2 is not supported here (getContext("webgl2") returned null)' };
  // Kernels write float32 results: rendering to R32F needs this extension.
  if (!gl.getExtension('EXT_color_buffer_float')) return { reason: 'WebGL2 lacks EXT_color_buffer_float (float render targets)' };
  return { gl };
}
