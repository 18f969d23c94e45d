// Signatures of the connection and pooling kernels (assembly/conv.ts, pooling.ts, embed.ts).
// Pointers are byte addresses in the arena, sizes and strides in elements; `geom` points
// at a ConvGeometry laid out as 14 i32 (n c h w kh kw sy sx ph pw dy dx oh ow).
import { kernels } from './module';

export interface ConvKernels {
  im2col_f32(geom: number, x: number, col: number, strideN: number, strideK: number): void;
  col2im_f32(geom: number, col: number, x: number, strideN: number, strideK: number): void;
  sum_pool_f32(geom: number, x: number, y: number, divisor: number, rowSums: number): void;
  max_pool_f32(geom: number, x: number, y: number, idx: number): void;
  max_pool_grad_f32(planes: number, inSize: number, outSize: number, gy: number, idx: number, gx: number): void;
  max_pool_gather_f32(planes: number, inSize: number, outSize: number, src: number, idx: number, out: number): void;
  embed_gather_f32(table: number, dim: number, ids: number, n: number, hasIgnore: number, ignore: number, out: number): void;
  embed_scatter_add_f32(grad: number, dim: number, ids: number, n: number, hasIgnore: number, ignore: number, vocab: number, out: number, accumulate: number, scratch: number): void;
  embed_scatter_scratch(dim: number, n: number, vocab: number): number;
}

export const convKernels = kernels as unknown as ConvKernels;
