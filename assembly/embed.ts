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

export function embed_scatter_add_f32(grad: usize, dim: i32, ids: usize, n: i32, hasIgnore: i32, ignore: i32, vocab: i32, out: usize, accumulate: i32): void {
  const rowBytes = <usize>dim << 2;
  // Into a gradient that already holds values, the rows are added where they are.
  if (accumulate == 0) memory.fill(out, 0, <usize>vocab * rowBytes);
  for (let i = 0; i < n; i++) {
    const id = load<i32>(ids + (<usize>i << 2));
    if (hasIgnore != 0 && id == ignore) continue;
    const dst = out + <usize>id * rowBytes, src = grad + <usize>i * rowBytes;
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
}
