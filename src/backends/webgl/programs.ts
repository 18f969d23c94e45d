// Shader programs of the WebGL2 backend: a kernel is a family file of glsl/ plus a small
// generated header (its defines, one reader per input, the output type). Programs are
// compiled once per distinct header and cached; `compilations` counts the compiles.
import * as twgl from 'twgl.js';
import type { DType } from '../../array/dtype';
import type { Layout, TextureStorage } from './texture-pool';
import common from '../../../glsl/common.glsl';
import elementwise from '../../../glsl/elementwise.glsl';
import reduce from '../../../glsl/reduce.glsl';
import softmax from '../../../glsl/softmax.glsl';
import scan from '../../../glsl/scan.glsl';
import gemm from '../../../glsl/gemm.glsl';
import indexing from '../../../glsl/indexing.glsl';
import conv from '../../../glsl/conv.glsl';
import pooling from '../../../glsl/pooling.glsl';
import normalization from '../../../glsl/normalization.glsl';
import rnn from '../../../glsl/rnn.glsl';
import loss from '../../../glsl/loss.glsl';
import optimizers from '../../../glsl/optimizers.glsl';

/** The kernel family files, by name. */
export const FAMILIES = { elementwise, reduce, softmax, scan, gemm, indexing, conv, pooling, normalization, rnn, loss, optimizers } as const;

export type Family = keyof typeof FAMILIES;

export type Defines = Record<string, string | number | boolean>;
export type Uniforms = Record<string, number | readonly number[]>;

/** One draw: a kernel of a family reading `inputs` and writing every element of `out`. */
export interface Pass {
  family: Family;
  defines?: Defines;
  inputs: Record<string, TextureStorage>;
  uniforms?: Uniforms;
  out: TextureStorage;
  /**
   * Further render targets the size of `out` (possibly none): the kernel writes kusari_out[0]
   * (out), kusari_out[1] ... instead of calling setOutput.
   */
  alsoOut?: TextureStorage[];
}

/**
 * What a texture holds per texel, as the header declares it (layers: see TextureStorage);
 * `layout`: an array read from another layout (TextureStorage.layout), element by element.
 */
interface Texel { dtype: DType; lanes: 1 | 4; layers: number; layout: Layout['kind'] | null }

/** How a pass reads input s: its own texture, or the layout that alone holds its values. */
function texelOf(s: TextureStorage): Texel {
  return s.layout
    ? { dtype: s.dtype, lanes: 1, layers: s.layout.held.layers, layout: s.layout.kind }
    : { dtype: s.dtype, lanes: s.lanes, layers: s.layers, layout: null };
}

/** The texture a pass binds for input s, and the uniform that describes its layout. */
function heldBy(s: TextureStorage): { held: TextureStorage; geometry?: number[] } {
  const l = s.layout;
  if (!l) return { held: s };
  return { held: l.held, geometry: l.kind === 'blocks' ? [l.M, l.N, Math.log2(l.held.layers), 1] : [l.K, Math.log2(l.pitch)] };
}

const glslType = ({ dtype, lanes }: Pick<Texel, 'dtype' | 'lanes'>) => (lanes === 4 ? 'vec4' : dtype === 'int32' ? 'int' : 'float');

// A triangle covering the viewport; every fragment of the output texture runs once.
const VERTEX = `#version 300 es
layout(location = 0) in vec2 position;
void main() { gl_Position = vec4(position, 0.0, 1.0); }
`;

/** targets: the render targets of a pass with alsoOut (0 without: one, written by setOutput). */
function header(defines: Defines, inputs: [string, Texel][], out: Omit<Texel, 'layout'>, targets: number): string {
  const lines = ['#version 300 es', 'precision highp float;', 'precision highp int;',
    'precision highp sampler2D;', 'precision highp isampler2D;', 'precision highp sampler2DArray;'];
  // Booleans become GLSL's true/false (for expressions); numbers serve #if.
  for (const [k, v] of Object.entries(defines)) lines.push(`#define ${k} ${v}`);
  const outT = glslType(out), outVec = out.lanes === 1 && out.dtype === 'int32' ? 'ivec4' : 'vec4';
  lines.push(`#define OUT_T ${outT}`, `#define OUT_INT ${out.dtype === 'int32' ? 1 : 0}`);
  for (const [name, t] of inputs) {
    lines.push(`#define ${name.toUpperCase()}_T ${glslType(t)}`, `#define ${name.toUpperCase()}_INT ${t.dtype === 'int32' ? 1 : 0}`);
  }
  // A layered output is as many render targets, kusari_out[layer], as are further outputs
  // (kusari_out[1] ...): the kernel writes them itself.
  lines.push(out.layers || targets
    ? `layout(location = 0) out highp ${outVec} kusari_out[${out.layers || targets}];`
    : `layout(location = 0) out highp ${outVec} kusari_out;\nvoid setOutput(${outT} v) { kusari_out = ${outVec}(v); }`,
  common);
  for (const [name, t] of inputs) {
    // A layered input is read by the kernel itself, at vec3(texel centre, layer), unless it
    // is an array whose values are in another layout: then x_at finds element i there.
    const sampler = `${t.lanes === 1 && t.dtype === 'int32' ? 'isampler2D' : 'sampler2D'}${t.layers ? 'Array' : ''}`;
    lines.push(`uniform highp ${sampler} ${name}_tex;`, `uniform int ${name}_shift;`, `uniform vec2 ${name}_inv;`);
    if (t.layout === 'blocks') {
      lines.push(`uniform ivec4 ${name}_layout;`,
        `float ${name}_at(int i) { return blockElement(${name}_tex, ${name}_shift, ${name}_inv, blockTexel(i, ${name}_layout)); }`);
    } else if (t.layout === 'rows') {
      lines.push(`uniform ivec2 ${name}_layout;`,
        `float ${name}_at(int i) { return rowsElement(${name}_tex, ${name}_shift, ${name}_inv, ${name}_layout, i); }`);
    }
    // texture() at the texel's centre (NEAREST filtering: the texel exactly) costs less than
    // texelFetch on SwiftShader. The width is a power of two, so the x coordinate is exact.
    if (!t.layers && !t.layout) lines.push(`${glslType(t)} ${name}_at(int i) { return texture(${name}_tex, (vec2(texel(i, ${name}_shift)) + 0.5) * ${name}_inv)${t.lanes === 4 ? '' : '.r'}; }`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A linked program and the setters of its uniforms, which twgl.setUniforms calls. (twgl's
 * ProgramInfo has attribute, uniform block and transform feedback setters besides, which
 * no kernel uses: a bundle without them is 0.6 KB gzip smaller.)
 */
interface CompiledProgram {
  program: WebGLProgram;
  uniformSetters: ReturnType<typeof twgl.createUniformSetters>;
}

export class Programs {
  private readonly cache = new Map<string, CompiledProgram>();
  /** A triangle covering the viewport, as vertex array of attribute 0 (VERTEX's position). */
  private readonly quad: WebGLVertexArrayObject;
  private readonly framebuffer: WebGLFramebuffer;
  private readonly layeredFramebuffer: WebGLFramebuffer;
  /** Render targets one draw can write (at least 4 in WebGL2). */
  readonly maxDrawBuffers: number;
  /** Shader programs compiled so far (a warm cache compiles none). */
  compilations = 0;
  /** Draw calls issued so far: one per kernel pass. */
  draws = 0;
  /**
   * When set, each pass waits for its draw and adds its wall time here, keyed by kernel,
   * defines and output size (a profile: the waits make every pass slower).
   */
  passTimes: Map<string, { ms: number; draws: number }> | null = null;

  constructor(private readonly gl: WebGL2RenderingContext) {
    // Set up with GL itself: twgl's buffer and attribute modules would be 1.5 KB of a bundle's gzip for one triangle.
    this.quad = gl.createVertexArray()!;
    gl.bindVertexArray(this.quad);
    gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 3, -1, -1, 3]), gl.STATIC_DRAW);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);
    this.framebuffer = gl.createFramebuffer()!;
    this.layeredFramebuffer = gl.createFramebuffer()!;
    this.maxDrawBuffers = gl.getParameter(gl.MAX_DRAW_BUFFERS) as number;
  }

  private program(p: Pass): CompiledProgram {
    const inputs = Object.entries(p.inputs).map(([n, s]) => [n, texelOf(s)] as [string, Texel]);
    const key = `${p.family}|${JSON.stringify(p.defines ?? {})}|${inputs.map(([n, t]) => `${n}:${t.dtype}x${t.lanes}x${t.layers}${t.layout ? `:${t.layout}` : ''}`).join(',')}|${p.out.dtype}x${p.out.lanes}x${p.out.layers}+${p.alsoOut ? p.alsoOut.length + 1 : 0}`;
    let info = this.cache.get(key);
    if (!info) {
      const source = header(p.defines ?? {}, inputs, p.out, p.alsoOut ? p.alsoOut.length + 1 : 0) + FAMILIES[p.family];
      let error = '';
      const program = twgl.createProgram(this.gl, [VERTEX, source], { errorCallback: (msg: string) => { error += msg; } }) as WebGLProgram | null;
      if (program) info = { program, uniformSetters: twgl.createUniformSetters(this.gl, program) };
      if (!info) throw new Error(`webgl: the ${p.family} kernel did not compile (${JSON.stringify(p.defines ?? {})}):\n${error}`);
      this.compilations++;
      this.cache.set(key, info);
    }
    return info;
  }

  /** Runs one pass: each texel of p.out gets its element. */
  run(p: Pass): void {
    const gl = this.gl;
    const t0 = this.passTimes ? performance.now() : 0;
    const info = this.program(p);
    gl.useProgram(info.program);
    const uniforms: Record<string, unknown> = { u_outShift: p.out.shift, ...p.uniforms };
    for (const [name, s] of Object.entries(p.inputs)) {
      if (s.released) throw new Error(`webgl: input '${name}' of the ${p.family} kernel was already released`);
      const { held, geometry } = heldBy(s);
      uniforms[`${name}_tex`] = held.texture;
      uniforms[`${name}_shift`] = held.shift;
      uniforms[`${name}_inv`] = [1 / held.width, 1 / held.height];
      if (geometry) uniforms[`${name}_layout`] = geometry;
    }
    twgl.setUniforms(info.uniformSetters, uniforms);
    if (p.out.layers) {
      // Each layer a render target, on a framebuffer for several (the other keeps one attachment).
      gl.bindFramebuffer(gl.FRAMEBUFFER, this.layeredFramebuffer);
      const targets = [];
      for (let i = 0; i < p.out.layers; i++) {
        gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + i, p.out.texture, 0, i);
        targets.push(gl.COLOR_ATTACHMENT0 + i);
      }
      for (let i = p.out.layers; i < this.maxDrawBuffers; i++) gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + i, null, 0, 0);
      gl.drawBuffers(targets);
    } else if (p.alsoOut) {
      gl.bindFramebuffer(gl.FRAMEBUFFER, this.layeredFramebuffer);
      const outs = [p.out, ...p.alsoOut];
      for (let i = 0; i < this.maxDrawBuffers; i++) gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + i, gl.TEXTURE_2D, outs[i]?.texture ?? null, 0);
      gl.drawBuffers(outs.map((_, i) => gl.COLOR_ATTACHMENT0 + i));
    } else {
      gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, p.out.texture, 0);
    }
    gl.viewport(0, 0, p.out.width, p.out.height);
    gl.bindVertexArray(this.quad);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    this.draws++;
    if (this.passTimes) this.timed(p, performance.now() - t0);
  }

  /** Adds the time of pass p, ended by reading one texel of its first target back. */
  private timed(p: Pass, issued: number): void {
    const gl = this.gl;
    const t0 = performance.now();
    // Chromium's finish() returns before the GPU process has run the draw; a read waits for it.
    const format = gl.getParameter(gl.IMPLEMENTATION_COLOR_READ_FORMAT) as number;
    const type = gl.getParameter(gl.IMPLEMENTATION_COLOR_READ_TYPE) as number;
    const texel = type === gl.FLOAT ? new Float32Array(4) : type === gl.INT ? new Int32Array(4) : type === gl.UNSIGNED_INT ? new Uint32Array(4) : new Uint8Array(4);
    gl.readPixels(0, 0, 1, 1, format, type, texel);
    const key = `${p.family} ${JSON.stringify(p.defines ?? {})} ${p.out.width}x${p.out.height}${p.out.layers ? `x${p.out.layers}` : ''}`;
    const entry = this.passTimes!.get(key) ?? { ms: 0, draws: 0 };
    entry.ms += issued + performance.now() - t0;
    entry.draws++;
    this.passTimes!.set(key, entry);
  }

  /** Binds a texture (or a layer of a texture array) as the framebuffer's color attachment (for clears and reads). */
  attach(s: TextureStorage, target: number = this.gl.FRAMEBUFFER, layer = 0): void {
    const gl = this.gl;
    gl.bindFramebuffer(target, this.framebuffer);
    if (s.layers) gl.framebufferTextureLayer(target, gl.COLOR_ATTACHMENT0, s.texture, 0, layer);
    else gl.framebufferTexture2D(target, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, s.texture, 0);
  }
}
