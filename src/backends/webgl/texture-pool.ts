// Storage of the WebGL2 backend: one element per texel of a 2-D texture, float32 in R32F,
// int32 in R32I (exact over the whole range). Kernels may also make scratch textures of
// four floats per texel (RGBA32F, `lanes` 4). Textures are reused through a pool keyed by
// format and size.
//
// Lifetimes (the step generations of src/core/step.ts): a texture is resident (an owner
// frees it), persisted (a user's array: release() or the collector frees it) or a
// temporary of the innermost open loop, released at the end of the step after the one
// that made or last used it. The collector's finalizers are only a backstop.
import type { DType } from '../../array/dtype';

/** A loop's step count and the temporaries it releases (the training loop, or a nested evaluation). */
export class StepScope {
  step = 0;
  readonly live = new Set<TextureStorage>();
}

/** An array's elements in a texture: `size` elements row-major over width x height texels. */
export class TextureStorage {
  released = false;
  /**
   * Kept by an owner (a parameter, optimizer state): results may replace its texture in
   * place, and memory() counts it. Set through TexturePool.keep().
   */
  resident = false;
  /** The loop whose steps release this temporary; null once resident or persisted. */
  scope: StepScope | null = null;
  /** The step of `scope` that made or last used it. */
  lastStep = 0;
  /** Set when the step generations released it, for the error of a later use. */
  releasedAtStep: { made: number; freed: number } | null = null;
  /**
   * The uploaded elements of an int32 array (labels, ids) that no kernel has written since:
   * the range checks of losses and embeddings read them without a readback in the step.
   */
  host: Int32Array | null = null;
  /**
   * When set, the values are not in `texture` but in a second, four-lane texture the
   * storage owns (`layout.held`): a product's blocks or a parameter's packed rows (see
   * Layout). Kernels read them there (programs.ts gives them a reader), a read-back picks
   * them out on the host (WebglBackend.layoutRead).
   */
  layout: Layout | null = null;
  /**
   * Packed copies of the values (gemm.glsl's PACK output) by packing, kept while the values
   * stay as they are, for the next product that packs them the same way: a user's array
   * only (a constant operand: a batch used again, a matrix multiplied again).
   */
  packings: Map<string, TextureStorage> | null = null;
  /**
   * 0 for a 2-D texture; n for a 2-D texture array of n layers (each width x height), which
   * a kernel writes as n render targets at once (GEMM's blocks of rows).
   */
  readonly layers: number;
  constructor(public texture: WebGLTexture, readonly dtype: DType, readonly size: number,
              readonly width: number, readonly height: number, readonly lanes: 1 | 4 = 1, layers = 0) {
    this.layers = layers;
  }

  get key(): string {
    return poolKey(this.dtype, this.lanes, this.width, this.height, this.layers);
  }

  get bytes(): number {
    return this.width * this.height * 4 * this.lanes * Math.max(1, this.layers);
  }

  /** A kernel reads it (or it is read back): it lives until the end of the next step. */
  touch(): void {
    if (this.scope) this.lastStep = this.scope.step;
  }

  /** log2 of the width, for the shaders' texel arithmetic. */
  get shift(): number {
    return Math.log2(this.width);
  }
}

/**
 * Where else a storage's values are: `blocks`, a (batch, M, N) product's result in
 * gemm.glsl's blocks of `held.layers` rows by four columns (the product's output, not laid
 * out); `rows`, rows of K packed four to a texel in rows of `pitch` texels (gemm.glsl's
 * PACK layout: a parameter as its optimizer update writes it, which a product reads as it is).
 */
export type Layout =
  | { kind: 'blocks'; held: TextureStorage; M: number; N: number }
  | { kind: 'rows'; held: TextureStorage; K: number; pitch: number };

function poolKey(dtype: DType, lanes: number, width: number, height: number, layers: number): string {
  return `${dtype}x${lanes}:${width}x${height}x${layers}`;
}

/** Scratch layouts a kernel may ask of take(). */
export interface TextureLayout {
  /** Rows at least this many texels wide (a power of two), so that rows of that pitch never straddle two. */
  minWidth?: number;
  /** A 2-D texture array of this many layers (see TextureStorage.layers). */
  layers?: number;
}

/** What the pool knows of a storage's texture (kept apart so that the storage can be collected). */
interface Held {
  texture: WebGLTexture;
  key: string;
  bytes: number;
  resident: boolean;
}

export class TexturePool {
  private readonly free = new Map<string, WebGLTexture[]>();
  private pooledBytes = 0;
  private live = 0;
  private residentCount = 0;
  private residentBytes = 0;
  private readonly held = new WeakMap<TextureStorage, Held>();
  private liveBytes = 0;
  /** Textures made (not taken from the pool), for tests of the pool. */
  created = 0;
  /**
   * Most bytes of textures held at once (live and pooled); a kernel that needs more throws
   * instead of running into an out-of-memory context. Infinity: only the driver's limit.
   */
  budgetBytes = Infinity;
  /** The training loop's steps, then any nested loop (an evaluation) open inside it. */
  private readonly scopes: StepScope[] = [new StepScope()];
  // A backstop only: storage dropped without release() gives its texture back when collected.
  private readonly registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Held>((h) => this.giveBack(h))
    : null;

  /** The widest texture rows (a power of two). */
  readonly maxWidth: number;

  constructor(private readonly gl: WebGL2RenderingContext, maxTextureSize: number) {
    this.maxWidth = 2 ** Math.floor(Math.log2(maxTextureSize));
  }

  /**
   * Texture width and height for n elements: rows of a power of two texels (up to the
   * largest texture), so that shaders find an element's texel with a mask and a shift
   * instead of an integer division, and about as many rows as columns: a rasterizer shades
   * 2x2 quads and splits a draw across threads by rows, so a texture of one long row would
   * waste half of each quad and run on one thread (SwiftShader: GEMM 100x784x100 2x faster).
   */
  shapeFor(n: number, minWidth = 1): [number, number] {
    const width = Math.min(Math.max(2 ** Math.ceil(Math.log2(Math.max(1, n)) / 2), minWidth), this.maxWidth);
    const height = Math.max(1, Math.ceil(n / width));
    if (height > this.maxWidth) throw new RangeError(`webgl: ${n} elements exceed the largest texture (${this.maxWidth}^2 texels)`);
    return [width, height];
  }

  /**
   * A texture of `size` texels (elements, or groups of four floats when lanes is 4), a
   * temporary of the current step; `label` names the kernel in errors.
   */
  take(dtype: DType, size: number, lanes: 1 | 4 = 1, label = 'webgl', layout: TextureLayout = {}): TextureStorage {
    const [width, height] = this.shapeFor(size, layout.minWidth);
    const layers = layout.layers ?? 0;
    const key = poolKey(dtype, lanes, width, height, layers);
    const bytes = width * height * 4 * lanes * Math.max(1, layers);
    let texture = this.free.get(key)?.pop();
    if (texture) this.pooledBytes -= bytes;
    else texture = this.create(dtype, lanes, width, height, layers, label);
    const storage = new TextureStorage(texture, dtype, size, width, height, lanes, layers);
    const held: Held = { texture, key, bytes, resident: false };
    this.live++;
    this.liveBytes += bytes;
    this.held.set(storage, held);
    this.registry?.register(storage, held, storage);
    const scope = this.scopes[this.scopes.length - 1];
    storage.scope = scope;
    storage.lastStep = scope.step;
    scope.live.add(storage);
    return storage;
  }

  /**
   * A new texture within the budget. Pooled textures are deleted to make room first; what
   * still does not fit, by the budget or by the driver (OUT_OF_MEMORY), is an error naming
   * the kernel and the size, never a lost context or a result written nowhere.
   */
  private create(dtype: DType, lanes: 1 | 4, width: number, height: number, layers: number, label: string): WebGLTexture {
    const bytes = width * height * 4 * lanes * Math.max(1, layers);
    const what = () => `${label}: a ${width}x${height}${layers ? `x${layers}` : ''} ${lanes === 4 ? 'RGBA32F' : dtype} texture (${bytes} bytes)`;
    if (this.liveBytes + this.pooledBytes + bytes > this.budgetBytes) this.dropPooled();
    if (this.liveBytes + bytes > this.budgetBytes) {
      throw new RangeError(`${what()} does not fit in the webgl memory budget of ${this.budgetBytes} bytes ` +
        `(${this.liveBytes} held by ${this.live} textures: ${this.residentCount} resident, the rest temporaries of this and the last step or persisted arrays)`);
    }
    const gl = this.gl;
    const int = dtype === 'int32', quad = lanes === 4;
    // What twgl.createTexture does for an empty texture, written out: its texture module
    // (format tables for every kind of image) would be a third of the twgl a bundle keeps.
    // A texture array (layers) holds the GEMM's blocks of rows, one render target each.
    const make = () => {
      const texture = gl.createTexture()!;
      const target = layers ? gl.TEXTURE_2D_ARRAY : gl.TEXTURE_2D;
      gl.bindTexture(target, texture);
      const internal = quad ? gl.RGBA32F : int ? gl.R32I : gl.R32F;
      const format = quad ? gl.RGBA : int ? gl.RED_INTEGER : gl.RED, type = int ? gl.INT : gl.FLOAT;
      if (layers) gl.texImage3D(target, 0, internal, width, height, layers, 0, format, type, null);
      else gl.texImage2D(target, 0, internal, width, height, 0, format, type, null);
      for (const [parameter, value] of [[gl.TEXTURE_MIN_FILTER, gl.NEAREST], [gl.TEXTURE_MAG_FILTER, gl.NEAREST],
        [gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE], [gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE]]) gl.texParameteri(target, parameter, value);
      return texture;
    };
    // getError only where a texture is made: after warm-up the pool serves every call.
    let texture = make();
    if (gl.getError() === gl.OUT_OF_MEMORY) {
      gl.deleteTexture(texture);
      this.dropPooled();
      texture = make();
      if (gl.getError() === gl.OUT_OF_MEMORY) {
        gl.deleteTexture(texture);
        throw new RangeError(`${what()}: the GPU is out of memory (${this.liveBytes} bytes held by ${this.live} textures)`);
      }
    }
    this.created++;
    return texture;
  }

  /** Deletes the pool's free textures. */
  private dropPooled(): void {
    for (const list of this.free.values()) for (const t of list) this.gl.deleteTexture(t);
    this.free.clear();
    this.pooledBytes = 0;
  }

  // ------------------------------------------------------------ step generations

  /** The end of a step of the innermost loop: its temporaries not used in this step or the last are released. */
  endStep(): void {
    const scope = this.scopes[this.scopes.length - 1];
    scope.step++;
    for (const s of scope.live) {
      if (s.lastStep < scope.step - 1) this.releaseByStep(s, scope.step - 1);
    }
  }

  openSteps(): void {
    this.scopes.push(new StepScope());
  }

  /** Closes a nested loop: the temporaries it still holds are released. */
  closeSteps(): void {
    if (this.scopes.length === 1) throw new Error('webgl: closeSteps without openSteps');
    const scope = this.scopes.pop()!;
    for (const s of scope.live) this.releaseByStep(s, scope.step);
  }

  private releaseByStep(s: TextureStorage, freed: number): void {
    s.releasedAtStep = { made: s.lastStep, freed };
    this.release(s);
  }

  /** Takes s out of the step generations (a user's array, kept until released or collected). */
  persist(s: TextureStorage): TextureStorage {
    s.scope?.live.delete(s);
    s.scope = null;
    return s;
  }

  /** Marks s resident: kept by an owner, counted by stats() until released. */
  keep(s: TextureStorage): TextureStorage {
    const held = this.held.get(s)!;
    this.persist(s);
    if (!held.resident) {
      s.resident = held.resident = true;
      this.residentCount++;
      this.residentBytes += held.bytes;
    }
    return s;
  }

  release(s: TextureStorage): void {
    if (s.released) return;
    s.released = true;
    this.dropLayout(s);
    this.dropPackings(s);
    this.persist(s);
    this.registry?.unregister(s);
    this.giveBack(this.held.get(s)!);
  }

  /**
   * An in-place result: target takes fresh's texture (same format and size) and its old
   * texture goes back to the pool, so arrays on target see the new values.
   */
  replace(target: TextureStorage, fresh: TextureStorage): void {
    if (target.key !== fresh.key) throw new Error(`webgl: an in-place result of format ${fresh.key} cannot replace ${target.key}`);
    if (target.released) throw new Error('webgl: an in-place update of an array whose storage was released');
    // Textures change hands; residency (and so the counts) stays with the storages.
    [target.texture, fresh.texture] = [fresh.texture, target.texture];
    target.host = null;
    this.held.get(target)!.texture = target.texture;
    this.held.get(fresh)!.texture = fresh.texture;
    // Values in another layout go with the texture; packed copies of the old ones go.
    this.dropPackings(target);
    this.dropLayout(target);
    [target.layout, fresh.layout] = [fresh.layout, null];
    this.release(fresh);
  }

  /**
   * New values of s in `layout` (its texture no longer holds them); the layout's texture is
   * kept (out of the step generations) as long as s keeps it.
   */
  attachLayout(s: TextureStorage, layout: Layout): void {
    this.dropPackings(s);
    this.dropLayout(s);
    s.layout = layout;
    s.host = null;
    this.persist(layout.held);
  }

  /** Keeps `packed`, the values of s packed as `key` says, while s keeps its values. */
  keepPacking(s: TextureStorage, key: string, packed: TextureStorage): void {
    this.persist(packed);
    (s.packings ??= new Map()).set(key, packed);
  }

  private dropPackings(s: TextureStorage): void {
    if (!s.packings) return;
    for (const p of s.packings.values()) this.release(p);
    s.packings = null;
  }

  /** Frees the layout of s, if any (its values replaced). */
  private dropLayout(s: TextureStorage): void {
    const l = s.layout;
    s.layout = null;
    if (l) this.release(l.held);
  }

  private giveBack(h: Held): void {
    this.live--;
    this.liveBytes -= h.bytes;
    if (h.resident) {
      this.residentCount--;
      this.residentBytes -= h.bytes;
    }
    let list = this.free.get(h.key);
    if (!list) this.free.set(h.key, list = []);
    list.push(h.texture);
    this.pooledBytes += h.bytes;
  }

  /** Resident textures (arrays, bytes), the pool's free bytes and the other live textures (count, bytes). */
  stats(): { arrays: number; bytes: number; pooledBytes: number; temporaries: number; temporaryBytes: number } {
    return {
      arrays: this.residentCount, bytes: this.residentBytes, pooledBytes: this.pooledBytes,
      temporaries: this.live - this.residentCount, temporaryBytes: this.liveBytes - this.residentBytes,
    };
  }
}
