// Sliding-window attributes shared by convolutions and pooling. Chainer fixes each output
// size (rounded down, or up with coverAll); ONNX derives it from the pads, so the end pads
// are chosen to give the same size: the windows that coverAll adds read the extra padding.
import type { AttributeValue } from '../onnx-proto';

export interface Window {
  /** Input and output sizes, kernel, stride, padding and dilation along one axis. */
  size: number; out: number; k: number; s: number; p: number; d: number;
}

/** The end pad that makes floor((size + p + end - dk) / s) + 1 equal `out`. */
export function endPad(w: Window): number {
  const needed = (w.out - 1) * w.s + w.d * (w.k - 1) + 1;
  return Math.max(w.p, needed - w.size - w.p);
}

/** kernel_shape, strides, pads and dilations of a window over (height, width). */
export function windowAttributes(h: Window, w: Window, withDilations = true): Record<string, AttributeValue> {
  return {
    kernel_shape: { ints: [h.k, w.k] },
    strides: { ints: [h.s, w.s] },
    pads: { ints: [h.p, w.p, endPad(h), endPad(w)] },
    ...(withDilations ? { dilations: { ints: [h.d, w.d] } } : {}),
  };
}

/**
 * ConvTranspose's attributes for a transposed window from `size` to `out` positions: the
 * output beyond the default s (size - 1) + dk - 2p is output_padding, one short of it is
 * extra end padding.
 */
export function transposedWindowAttributes(h: Window, w: Window): Record<string, AttributeValue> {
  const axis = ({ size, out, k, s, p, d }: Window) => {
    const extra = out - (s * (size - 1) + d * (k - 1) + 1 - 2 * p);
    return extra >= 0 ? { outputPadding: extra, end: p } : { outputPadding: 0, end: p - extra };
  };
  const ah = axis(h), aw = axis(w);
  return {
    kernel_shape: { ints: [h.k, w.k] },
    strides: { ints: [h.s, w.s] },
    pads: { ints: [h.p, w.p, ah.end, aw.end] },
    dilations: { ints: [h.d, w.d] },
    output_padding: { ints: [ah.outputPadding, aw.outputPadding] },
  };
}
