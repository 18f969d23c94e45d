// Storage of the WebGL2 backend: one element per texel of a 2-D texture, float32 in R32F,
// int32 in R32I (exact over the whole range). Kernels may also make scratch textures of
// four floats per texel (RGBA32F, `lanes` 4). Textures are reused through a pool keyed by
// format and size.
import * as twgl from 'twgl.js';
import type { DType } from '../../array/dtype';

/** An array's elements in a texture: `size` elements row-major over width x height texels. */
export class TextureStorage {
  released = false;
  /**
   * Kept by an owner (a parameter, optimizer state): results may replace its texture in
   * place, and memory() counts it. Set through TexturePool.keep().
   */
  resident = false;
  constructor(public texture: WebGLTexture, readonly dtype: DType, readonly size: number,
              readonly width: number, readonly height: number, readonly lanes: 1 | 4 = 1) {}

  get key(): string {
    return poolKey(this.dtype, this.lanes, this.width, this.height);
  }

  get bytes(): number {
    return this.width * this.height * 4 * this.lanes;
  }

  /** log2 of the width, for the shaders' texel arithmetic. */
  get shift(): number {
    return Math.log2(this.width);
  }
}

function poolKey(dtype: DType, lanes: number, width: number, height: number): string {
  return `${dtype}x${lanes}:${width}x${height}`;
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
  /** Textures made (not taken from the pool), for tests of the pool. */
  created = 0;
  // A backstop only: storage dropped without release() gives its texture back when collected.
  private readonly registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Held>((h) => this.giveBack(h))
    : null;

  private readonly maxWidth: number;

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
  shapeFor(n: number): [number, number] {
    const width = Math.min(2 ** Math.ceil(Math.log2(Math.max(1, n)) / 2), this.maxWidth);
    const height = Math.max(1, Math.ceil(n / width));
    if (height > this.maxWidth) throw new RangeError(`webgl: ${n} elements exceed the largest texture (${this.maxWidth}^2 texels)`);
    return [width, height];
  }

  /** A texture of `size` texels (elements, or groups of four floats when lanes is 4). */
  take(dtype: DType, size: number, lanes: 1 | 4 = 1): TextureStorage {
    const [width, height] = this.shapeFor(size);
    const key = poolKey(dtype, lanes, width, height);
    let texture = this.free.get(key)?.pop();
    if (texture) this.pooledBytes -= width * height * 4 * lanes;
    else {
      const gl = this.gl;
      const int = dtype === 'int32', quad = lanes === 4;
      texture = twgl.createTexture(gl, {
        width, height, src: null as unknown as undefined,
        internalFormat: quad ? gl.RGBA32F : int ? gl.R32I : gl.R32F,
        format: quad ? gl.RGBA : int ? gl.RED_INTEGER : gl.RED,
        type: int ? gl.INT : gl.FLOAT,
        minMag: gl.NEAREST, wrap: gl.CLAMP_TO_EDGE, auto: false,
      });
      this.created++;
    }
    const storage = new TextureStorage(texture, dtype, size, width, height, lanes);
    const held: Held = { texture, key, bytes: storage.bytes, resident: false };
    this.live++;
    this.held.set(storage, held);
    this.registry?.register(storage, held, storage);
    return storage;
  }

  /** Marks s resident: kept by an owner, counted by stats() until released. */
  keep(s: TextureStorage): TextureStorage {
    const held = this.held.get(s)!;
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
    this.held.get(target)!.texture = target.texture;
    this.held.get(fresh)!.texture = fresh.texture;
    this.release(fresh);
  }

  private giveBack(h: Held): void {
    this.live--;
    if (h.resident) {
      this.residentCount--;
      this.residentBytes -= h.bytes;
    }
    let list = this.free.get(h.key);
    if (!list) this.free.set(h.key, list = []);
    list.push(h.texture);
    this.pooledBytes += h.bytes;
  }

  /** Resident textures (arrays, bytes), the pool's free bytes and the other live textures. */
  stats(): { arrays: number; bytes: number; pooledBytes: number; temporaries: number } {
    return { arrays: this.residentCount, bytes: this.residentBytes, pooledBytes: this.pooledBytes, temporaries: this.live - this.residentCount };
  }
}
