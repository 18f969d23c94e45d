// Embedding lookups: rows of a (vocab, dim) table gathered by int32 ids, and the
// gradient scattered back. Ids equal to `ignore` (when hasIgnore) give zero rows and
// receive nothing. The caller has checked every other id is inside the table.

export function embed_gather_f32(table: usize, dim: i32, ids: usize, n: i32, hasIgnore: i32, ignore: i32, out: usize): void {
  const rowBytes = <usize>dim << 2;
  for (let i = 0; i < n; i++) {
    const id = load<i32>(ids + (<usize>i << 2));
    const dst = out + <usize>i * rowBytes;
    if (hasIgnore != 0 && id == ignore) memory.fill(dst, 0, rowBytes);
    else memory.copy(dst, table + <usize>id * rowBytes, rowBytes);
  }
}

/** dst[0:dim] += src[0:dim] */
function addRow(dst: usize, src: usize, dim: i32): void {
  let j = 0;
  for (; j + 4 <= dim; j += 4) {
    const off = <usize>j << 2;
    v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(src + off)));
  }
  for (; j < dim; j++) {
    const off = <usize>j << 2;
    store<f32>(dst + off, load<f32>(dst + off) + load<f32>(src + off));
  }
}

/** Bytes of scratch embed_scatter_add_f32 needs to add into a gradient it holds. */
export function embed_scatter_scratch(dim: i32, n: i32, vocab: i32): i32 {
  return (2 * vocab + n + dim) << 2;
}

/**
 * gW: the rows of grad summed at their ids, as numpy's add.at into zeros. With `accumulate`,
 * gW is added to the gradient `out` holds as Chainer adds it (g + gW), without a table of
 * zeros: each id's rows are summed first (from zero, in the order they come) and the sum
 * added once; the rows of ids not in the batch stay as they are (g + 0 only differs in
 * turning -0 into +0, which no gradient written here holds).
 */
export function embed_scatter_add_f32(grad: usize, dim: i32, ids: usize, n: i32, hasIgnore: i32, ignore: i32, vocab: i32,
                                      out: usize, accumulate: i32, scratch: usize): void {
  const rowBytes = <usize>dim << 2;
  if (accumulate == 0) {
    memory.fill(out, 0, <usize>vocab * rowBytes);
    for (let i = 0; i < n; i++) {
      const id = load<i32>(ids + (<usize>i << 2));
      if (hasIgnore == 0 || id != ignore) addRow(out + <usize>id * rowBytes, grad + <usize>i * rowBytes, dim);
    }
    return;
  }
  // The positions of each id as a list: its first and last, and from each the next.
  const first = scratch, last = first + (<usize>vocab << 2), next = last + (<usize>vocab << 2);
  const sum = next + (<usize>n << 2);
  memory.fill(first, 0xff, <usize>vocab << 2);
  for (let i = 0; i < n; i++) {
    const id = load<i32>(ids + (<usize>i << 2));
    if (hasIgnore != 0 && id == ignore) continue;
    const at = <usize>id << 2;
    store<i32>(next + (<usize>i << 2), -1);
    if (load<i32>(first + at) < 0) store<i32>(first + at, i);
    else store<i32>(next + (<usize>load<i32>(last + at) << 2), i);
    store<i32>(last + at, i);
  }
  for (let i = 0; i < n; i++) {
    const id = load<i32>(ids + (<usize>i << 2));
    if ((hasIgnore != 0 && id == ignore) || load<i32>(first + (<usize>id << 2)) != i) continue;
    memory.fill(sum, 0, rowBytes);
    for (let k = i; k >= 0; k = load<i32>(next + (<usize>k << 2))) addRow(sum, grad + <usize>k * rowBytes, dim);
    addRow(out + <usize>id * rowBytes, sum, dim);
  }
}
