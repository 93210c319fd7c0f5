/**
 * Column sums relative to a reference row over one block of rows, the wasm half of the
 * `colMeans` kernel (src/backend/kernels.ts): acc[j] += Σ_i (a[i·n + j] − ref[j]). The
 * `Block` suffix names the step; the JS wrapper (src/backend/wasm/kernels.ts) streams the
 * matrix through in row blocks with ref = row 0 and finishes out[j] = ref[j] + acc[j] / m, so
 * data with a large mean and small spread sums small numbers (see src/backend/ts/col-means.ts).
 */
export function colMeansBlock(m: i32, n: i32, a: usize, ref: usize, acc: usize): void {
  const n2 = n & ~1;
  for (let i = 0; i < m; i++) {
    const row = a + <usize>i * <usize>n * 8;
    let j = 0;
    // Rows need not be 16-byte aligned (odd n): the alignment hint is 8.
    for (; j < n2; j += 2) {
      const o = <usize>j * 8;
      const d = f64x2.sub(v128.load(row + o, 0, 8), v128.load(ref + o, 0, 8));
      v128.store(acc + o, f64x2.add(v128.load(acc + o, 0, 8), d), 0, 8);
    }
    if (j < n) {
      const o = <usize>j * 8;
      store<f64>(acc + o, load<f64>(acc + o) + (load<f64>(row + o) - load<f64>(ref + o)));
    }
  }
}
