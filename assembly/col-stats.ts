/**
 * One block of rows of the `colStats` kernel (src/backend/kernels.ts), accumulated into what
 * earlier blocks left: sum[j] += Σ_i t, sumSq[j] += Σ_i t², t = a[i·n + j] − shift[j], and
 * maxAbs[j] = max(maxAbs[j], |a[i·n + j]|). Row after row, so each column is summed in the
 * contract's order (the ts reference's bits). Wasm's f64 max returns NaN when either operand
 * is NaN, so a NaN entry sticks in maxAbs as the contract says. The JS wrapper
 * (src/backend/wasm/kernels.ts) streams the matrix through and finds the first non-finite
 * entry when some column's statistics say there is one.
 */
export function colStatsBlock(m: i32, n: i32, a: usize, shift: usize, sum: usize, sumSq: usize, maxAbs: usize): void {
  const n2 = n & ~1;
  for (let i = 0; i < m; i++) {
    const row = a + <usize>i * <usize>n * 8;
    let j = 0;
    // Rows need not be 16-byte aligned (odd n): the alignment hint is 8.
    for (; j < n2; j += 2) {
      const o = <usize>j * 8;
      const v = v128.load(row + o, 0, 8);
      const t = f64x2.sub(v, v128.load(shift + o, 0, 8));
      v128.store(sum + o, f64x2.add(v128.load(sum + o, 0, 8), t), 0, 8);
      v128.store(sumSq + o, f64x2.add(v128.load(sumSq + o, 0, 8), f64x2.mul(t, t)), 0, 8);
      v128.store(maxAbs + o, f64x2.max(v128.load(maxAbs + o, 0, 8), f64x2.abs(v)), 0, 8);
    }
    if (j < n) {
      const o = <usize>j * 8;
      const v = load<f64>(row + o);
      const t = v - load<f64>(shift + o);
      store<f64>(sum + o, load<f64>(sum + o) + t);
      store<f64>(sumSq + o, load<f64>(sumSq + o) + t * t);
      store<f64>(maxAbs + o, max<f64>(load<f64>(maxAbs + o), abs<f64>(v)));
    }
  }
}
