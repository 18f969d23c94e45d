// The LSTM cell with Chainer's interleaved gate layout: row b of x holds, for each unit u,
// the four pre-activations (a, i, f, o) at 4u .. 4u + 3. Four units are loaded as four
// vectors and transposed into one vector per gate, so every gate runs four units at once.
// Both kernels run split by rows (part `part` of `parts` takes a range of them), each part
// with its own scratch in `work` (assembly/workspaces.ts).
import { partStart } from './parts';
import { vtanh, vsigmoid } from './vmath';
import { Workspace } from './workspaces';

/** Loads 16 floats at p (4 units x 4 gates) and leaves one vector per gate at T (64 bytes, 16-byte aligned). */
@inline function loadGates(p: usize, T: usize): void {
  const r0 = v128.load(p), r1 = v128.load(p, 16), r2 = v128.load(p, 32), r3 = v128.load(p, 48);
  const t0 = i32x4.shuffle(r0, r1, 0, 1, 4, 5); // a0 i0 a1 i1
  const t1 = i32x4.shuffle(r2, r3, 0, 1, 4, 5); // a2 i2 a3 i3
  const t2 = i32x4.shuffle(r0, r1, 2, 3, 6, 7); // f0 o0 f1 o1
  const t3 = i32x4.shuffle(r2, r3, 2, 3, 6, 7); // f2 o2 f3 o3
  v128.store(T, i32x4.shuffle(t0, t1, 0, 2, 4, 6));
  v128.store(T, i32x4.shuffle(t0, t1, 1, 3, 5, 7), 16);
  v128.store(T, i32x4.shuffle(t2, t3, 0, 2, 4, 6), 32);
  v128.store(T, i32x4.shuffle(t2, t3, 1, 3, 5, 7), 48);
}

/** Rows r0 .. r1 past the batch (from rowsX on) take `from`'s rows as they are. */
@inline function carryRows(to: usize, from: usize, r0: i32, r1: i32, rowsX: i32, units: i32): void {
  const first = max(r0, rowsX);
  if (r1 <= first) return;
  const done = <usize>first * <usize>units << 2;
  memory.copy(to + done, from + done, (<usize>(r1 - first) * <usize>units) << 2);
}

/** Stores one vector per gate (a, i, f, o for four units) interleaved at p. */
@inline function storeGates(p: usize, a: v128, i: v128, f: v128, o: v128): void {
  const t0 = i32x4.shuffle(a, i, 0, 4, 1, 5); // a0 i0 a1 i1
  const t1 = i32x4.shuffle(f, o, 0, 4, 1, 5); // f0 o0 f1 o1
  const t2 = i32x4.shuffle(a, i, 2, 6, 3, 7); // a2 i2 a3 i3
  const t3 = i32x4.shuffle(f, o, 2, 6, 3, 7); // f2 o2 f3 o3
  v128.store(p, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
  v128.store(p, i32x4.shuffle(t0, t1, 2, 3, 6, 7), 16);
  v128.store(p, i32x4.shuffle(t2, t3, 0, 1, 4, 5), 32);
  v128.store(p, i32x4.shuffle(t2, t3, 2, 3, 6, 7), 48);
}

/**
 * c = tanh(a) sig(i) + cPrev sig(f), h = tanh(c) sig(o) for the first rowsX rows;
 * rows rowsX .. rowsC - 1 of c copy cPrev.
 */
export function lstm_forward_f32(cPrev: usize, x: usize, rowsC: i32, rowsX: i32, units: i32, work: usize, c: usize, h: usize,
                                 part: i32, parts: i32): void {
  const u4 = units & ~3;
  const r0 = partStart(rowsC, 1, part, parts), r1 = partStart(rowsC, 1, part + 1, parts);
  work += <usize>part * Workspace.LstmForward;
  const T = work + 64;
  for (let b = r0; b < min(r1, rowsX); b++) {
    const row = <usize>b * <usize>units << 2;
    const xrow = x + (row << 2);
    for (let u = 0; u < units; u += 4) {
      let src = xrow + (<usize>u << 4);
      if (u >= u4) {
        // Fewer than four units left: pad a copy to a full block.
        memory.fill(work, 0, 64);
        memory.copy(work, src, <usize>(units - u) << 4);
        src = work;
      }
      loadGates(src, T);
      const a = vtanh(v128.load(T)), i = vsigmoid(v128.load(T, 16));
      const f = vsigmoid(v128.load(T, 32)), o = vsigmoid(v128.load(T, 48));
      const off = row + (<usize>u << 2);
      if (u < u4) {
        const cn = f32x4.add(f32x4.mul(a, i), f32x4.mul(v128.load(cPrev + off), f));
        v128.store(c + off, cn);
        v128.store(h + off, f32x4.mul(vtanh(cn), o));
      } else {
        for (let k = 0; k < units - u; k++) {
          const o4 = off + (<usize>k << 2);
          store<f32>(work + (<usize>k << 2), load<f32>(cPrev + o4));
        }
        const cn = f32x4.add(f32x4.mul(a, i), f32x4.mul(v128.load(work), f));
        const hn = f32x4.mul(vtanh(cn), o);
        v128.store(work, cn);
        v128.store(work, hn, 16);
        for (let k = 0; k < units - u; k++) {
          const o4 = off + (<usize>k << 2);
          store<f32>(c + o4, load<f32>(work + (<usize>k << 2)));
          store<f32>(h + o4, load<f32>(work + 16 + (<usize>k << 2)));
        }
      }
    }
  }
  carryRows(c, cPrev, r0, r1, rowsX, units);
}

/**
 * Gradients of the cell given gc (rowsC, units) and gh (rowsX, units):
 * gc' = gc + gh sig(o) (1 - tanh(c)^2), gcPrev = gc' sig(f) (rows past rowsX pass gc
 * through), and the gate gradients interleaved like x.
 */
export function lstm_backward_f32(cPrev: usize, x: usize, c: usize, gc: usize, gh: usize, rowsC: i32, rowsX: i32, units: i32,
                                  work: usize, gcPrev: usize, gx: usize, part: i32, parts: i32): void {
  const u4 = units & ~3;
  const one = f32x4.splat(1);
  const r0 = partStart(rowsC, 1, part, parts), r1 = partStart(rowsC, 1, part + 1, parts);
  work += <usize>part * Workspace.LstmBackward;
  const T = work + 224;
  // Tail blocks are staged in work: gates (16), then cPrev, c, gc, gh, gcPrev (4 each), gx (16).
  const wx = work, wcp = work + 64, wc = work + 80, wgc = work + 96, wgh = work + 112, wgcp = work + 128, wgx = work + 144;
  for (let b = r0; b < min(r1, rowsX); b++) {
    const row = <usize>b * <usize>units << 2;
    const xrow = x + (row << 2), gxrow = gx + (row << 2);
    for (let u = 0; u < units; u += 4) {
      const off = row + (<usize>u << 2);
      const tail = u >= u4;
      let px = xrow + (<usize>u << 4), pcp = cPrev + off, pc = c + off, pgc = gc + off, pgh = gh + off;
      if (tail) {
        const k = <usize>(units - u) << 2;
        memory.fill(work, 0, 224);
        memory.copy(wx, px, k << 2);
        memory.copy(wcp, pcp, k); memory.copy(wc, pc, k); memory.copy(wgc, pgc, k); memory.copy(wgh, pgh, k);
        px = wx; pcp = wcp; pc = wc; pgc = wgc; pgh = wgh;
      }
      loadGates(px, T);
      const a = vtanh(v128.load(T)), i = vsigmoid(v128.load(T, 16));
      const f = vsigmoid(v128.load(T, 32)), o = vsigmoid(v128.load(T, 48));
      const cp = v128.load(pcp), co = vtanh(v128.load(pc));
      const ghv = v128.load(pgh);
      const g = f32x4.add(v128.load(pgc), f32x4.mul(f32x4.mul(ghv, o), f32x4.sub(one, f32x4.mul(co, co))));
      const ga = f32x4.mul(f32x4.mul(g, i), f32x4.sub(one, f32x4.mul(a, a)));
      const gi = f32x4.mul(f32x4.mul(g, a), f32x4.mul(i, f32x4.sub(one, i)));
      const gf = f32x4.mul(f32x4.mul(g, cp), f32x4.mul(f, f32x4.sub(one, f)));
      const go = f32x4.mul(f32x4.mul(ghv, co), f32x4.mul(o, f32x4.sub(one, o)));
      const gcp = f32x4.mul(g, f);
      if (!tail) {
        v128.store(gcPrev + off, gcp);
        storeGates(gxrow + (<usize>u << 4), ga, gi, gf, go);
      } else {
        const k = <usize>(units - u) << 2;
        v128.store(wgcp, gcp);
        storeGates(wgx, ga, gi, gf, go);
        memory.copy(gcPrev + off, wgcp, k);
        memory.copy(gxrow + (<usize>u << 4), wgx, k << 2);
      }
    }
  }
  carryRows(gcPrev, gc, r0, r1, rowsX, units);
}
