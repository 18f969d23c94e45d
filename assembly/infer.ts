// The kernels of forward computation: what kusari/infer loads (its own, smaller build).
// index.ts adds the kernels of gradients and optimizers for the whole library. Linear
// memory above heapBase() belongs to the JavaScript side, which places operands there for
// the duration of one call.
export { unary_f32, unary_i32, binary_f32, binary_i32, where32, cast_f32_i32, cast_i32_f32, fill32 } from './elementwise';
export { gather32 } from './strides';
export { reduce_f32, reduce_i32 } from './reduce';
export { gemm_f32, gemm_pack_shared, gemm_shared_bytes, gemm_workspace, gemm_pack_b, gemm_packed_b_bytes, gemm_packed_b_f32, gemv_pack_rows, gemv_packed_rows_bytes, gemv_packed_rows_f32 } from './gemm';

// array kernels
export { take32, scatter32 } from './indexing';

// activation and math kernels
export { softmax_f32 } from './softmax';
export { scan_f32, scan_i32 } from './scan';

// connection and pooling kernels (col2im: the deconvolution's forward)
export { im2col_f32, col2im_f32, conv2d_f32 } from './conv';
export { sum_pool_f32, max_pool_f32, max_pool_gather_f32 } from './pooling';
export { embed_gather_f32 } from './embed';

// normalization, loss and rnn kernels (batch normalization in training mode keeps its
// running averages in inference too)
export { batch_norm_forward_f32, running_average_f32 } from './normalization';
export { lstm_forward_f32 } from './rnn';
export { softmax_cross_entropy_f32 } from './loss';

// file kernels: the members of npz files (serializers/zip.ts)
export { inflate_start, inflate_continue, inflate_output, inflate_unread, inflate_slide, crc32_update } from './inflate';

export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

// random draws in blocks (numpy's legacy Mersenne Twister: src/array/mt19937.ts)
export { mt_fill_doubles, mt_twist } from './twister';
