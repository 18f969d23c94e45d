// A drawing becomes an MNIST example the way the MNIST digits were made: the ink's bounding
// box is scaled, keeping its aspect ratio, to fit a 20x20 box (area averaging, which
// anti-aliases as the original normalization did), then placed in a 28x28 image so that its
// centre of mass lies at the image centre. Values are in [0, 1], 1 being full ink.

export const SIDE = 28;
export const BOX = 20;

/** For each output cell of a 1-D resampling from n to m cells, the input cells it covers and their overlap. */
function areaWeights(n: number, m: number): { index: number; weight: number }[][] {
  const scale = n / m;
  const cells: { index: number; weight: number }[][] = [];
  for (let j = 0; j < m; j++) {
    const lo = j * scale, hi = (j + 1) * scale;
    const cover: { index: number; weight: number }[] = [];
    for (let i = Math.floor(lo); i < Math.min(n, Math.ceil(hi)); i++) {
      const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
      if (overlap > 0) cover.push({ index: i, weight: overlap / scale });
    }
    cells.push(cover);
  }
  return cells;
}

/** Averages the w x h window at (x0, y0) of an image `width` wide down to tw x th. */
function resample(ink: Float32Array, width: number, x0: number, y0: number, w: number, h: number, tw: number, th: number): Float32Array {
  const across = areaWeights(w, tw), down = areaWeights(h, th);
  // Rows first (h x tw), then columns (th x tw).
  const rows = new Float32Array(h * tw);
  for (let y = 0; y < h; y++) {
    const src = (y0 + y) * width + x0;
    for (let j = 0; j < tw; j++) {
      let s = 0;
      for (const { index, weight } of across[j]) s += ink[src + index] * weight;
      rows[y * tw + j] = s;
    }
  }
  const out = new Float32Array(th * tw);
  for (let i = 0; i < th; i++) {
    for (const { index, weight } of down[i]) {
      for (let j = 0; j < tw; j++) out[i * tw + j] += rows[index * tw + j] * weight;
    }
  }
  return out;
}

/**
 * The 28x28 MNIST-style image (784 values, row-major) of a drawing given as ink intensities
 * in [0, 1], `width` x `height`; null when nothing is drawn.
 */
export function toMnist(ink: Float32Array, width: number, height: number): Float32Array | null {
  if (ink.length !== width * height) throw new RangeError(`toMnist: ink holds ${ink.length} values, not width * height (${width} * ${height})`);
  let left = width, right = -1, top = height, bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] <= 0) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  if (right < 0) return null;
  const w = right - left + 1, h = bottom - top + 1;
  const scale = BOX / Math.max(w, h);
  const tw = Math.max(1, Math.round(w * scale)), th = Math.max(1, Math.round(h * scale));
  const digit = resample(ink, width, left, top, w, h, tw, th);

  // Centre of mass, pixel centres at +0.5; the digit moves by whole pixels to put it at the
  // image centre, staying inside the image.
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = digit[y * tw + x];
      mass += v; mx += v * (x + 0.5); my += v * (y + 0.5);
    }
  }
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const ox = clamp(Math.round(SIDE / 2 - mx / mass), SIDE - tw);
  const oy = clamp(Math.round(SIDE / 2 - my / mass), SIDE - th);
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) out[(oy + y) * SIDE + ox + x] = Math.min(1, digit[y * tw + x]);
  }
  return out;
}
