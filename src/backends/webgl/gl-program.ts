// A linked shader program and the setters of its uniforms, found from the program itself
// (getActiveUniform): what the backend used twgl.js for, written out for the few types
// the kernels declare. twgl's general setters and tables were 6 KB of a gzipped bundle.

/** Values a kernel's uniforms take: numbers, vectors and arrays of them, textures. */
export type UniformValue = number | readonly number[] | WebGLTexture;

export interface GlProgram {
  program: WebGLProgram;
  /** Sets the uniforms named in `values` that the program uses (the compiler drops unused ones). */
  setUniforms(values: Record<string, UniformValue>): void;
}

/** The attribute of the vertex shader, bound to location 0 (see fullScreenTriangle). */
export const POSITION_ATTRIBUTE = 'position';

/**
 * Compiles and links a program from a vertex and a fragment shader. On failure the error
 * holds the compiler's log and the source lines it names.
 */
export function createGlProgram(gl: WebGL2RenderingContext, vertex: string, fragment: string): GlProgram {
  const shaders = [[gl.VERTEX_SHADER, vertex], [gl.FRAGMENT_SHADER, fragment]].map(([type, source]) => {
    const shader = gl.createShader(type as number)!;
    gl.shaderSource(shader, source as string);
    gl.compileShader(shader);
    return shader;
  });
  const program = gl.createProgram()!;
  for (const s of shaders) gl.attachShader(program, s);
  gl.bindAttribLocation(program, 0, POSITION_ATTRIBUTE);
  gl.linkProgram(program);
  const linked = gl.getProgramParameter(program, gl.LINK_STATUS) as boolean;
  if (!linked) {
    const logs = shaders.map((s, i) => (gl.getShaderParameter(s, gl.COMPILE_STATUS) ? '' : withSourceLines(gl.getShaderInfoLog(s) ?? '', i ? fragment : vertex)));
    const message = logs.join('') || `link failed: ${gl.getProgramInfoLog(program) ?? ''}`;
    for (const s of shaders) gl.deleteShader(s);
    gl.deleteProgram(program);
    throw new Error(message);
  }
  for (const s of shaders) gl.deleteShader(s);
  const setters = new Map<string, (v: UniformValue) => void>();
  let unit = 0;
  for (let i = 0, n = gl.getProgramParameter(program, gl.ACTIVE_UNIFORMS) as number; i < n; i++) {
    const info = gl.getActiveUniform(program, i)!;
    const location = gl.getUniformLocation(program, info.name)!;
    // an array's entry is named 'u_s[0]'; values are given under 'u_s'
    setters.set(info.name.replace(/\[0\]$/, ''), uniformSetter(gl, info.type, location, () => unit++));
  }
  return {
    program,
    setUniforms(values) {
      for (const name in values) setters.get(name)?.(values[name]);
    },
  };
}

/** The setter of one uniform by its GL type; samplers take the next texture unit. */
function uniformSetter(gl: WebGL2RenderingContext, type: number, at: WebGLUniformLocation, nextUnit: () => number): (v: UniformValue) => void {
  const list = (v: UniformValue) => (typeof v === 'number' ? [v] : v as readonly number[]);
  switch (type) {
    case gl.FLOAT: return (v) => gl.uniform1fv(at, list(v));
    case gl.FLOAT_VEC2: return (v) => gl.uniform2fv(at, list(v));
    case gl.FLOAT_VEC3: return (v) => gl.uniform3fv(at, list(v));
    case gl.FLOAT_VEC4: return (v) => gl.uniform4fv(at, list(v));
    case gl.INT: case gl.BOOL: return (v) => gl.uniform1iv(at, list(v));
    case gl.INT_VEC2: case gl.BOOL_VEC2: return (v) => gl.uniform2iv(at, list(v));
    case gl.INT_VEC3: case gl.BOOL_VEC3: return (v) => gl.uniform3iv(at, list(v));
    case gl.INT_VEC4: case gl.BOOL_VEC4: return (v) => gl.uniform4iv(at, list(v));
    case gl.SAMPLER_2D: case gl.INT_SAMPLER_2D: case gl.SAMPLER_2D_ARRAY: {
      const unit = nextUnit(), target = type === gl.SAMPLER_2D_ARRAY ? gl.TEXTURE_2D_ARRAY : gl.TEXTURE_2D;
      return (v) => {
        gl.activeTexture(gl.TEXTURE0 + unit);
        gl.bindTexture(target, v as WebGLTexture);
        gl.uniform1i(at, unit);
      };
    }
    default: throw new Error(`webgl: a kernel declares a uniform of GL type 0x${type.toString(16)}, which the backend does not set`);
  }
}

/** A compiler log followed by the source lines it names ('ERROR: 0:12: ...'), numbered. */
function withSourceLines(log: string, source: string): string {
  const lines = source.split('\n');
  const named = [...new Set([...log.matchAll(/\b0:(\d+):/g)].map((m) => Number(m[1])))];
  const shown = named.filter((n) => n >= 1 && n <= lines.length).map((n) => `${String(n).padStart(4)}: ${lines[n - 1]}`);
  return `${log.trim()}\n${shown.join('\n')}\n`;
}

/**
 * A vertex array drawing one triangle that covers the viewport from attribute 0: every
 * fragment of the render target runs once.
 */
export function fullScreenTriangle(gl: WebGL2RenderingContext): WebGLVertexArrayObject {
  const vao = gl.createVertexArray()!;
  gl.bindVertexArray(vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 3, -1, -1, 3]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  gl.bindVertexArray(null);
  return vao;
}
