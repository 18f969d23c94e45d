// Shapes of the window sweeps that convolution and pooling kernels run.

/**
 * A 2-D window sweep over NCHW planes: input (n, c, h, w), kernel (kh, kw), stride (sy, sx),
 * padding (ph, pw), dilation (dy, dx), output (oh, ow). Used by convolutions and pooling.
 */
export interface ConvGeometry {
  n: number; c: number; h: number; w: number;
  kh: number; kw: number; sy: number; sx: number; ph: number; pw: number; dy: number; dx: number;
  oh: number; ow: number;
}

/** Strides (in elements) of a column buffer's image and tap axes; the position axis is contiguous. */
export interface ColumnLayout {
  batch: number;
  tap: number;
}
