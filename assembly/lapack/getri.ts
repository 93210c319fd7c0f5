/**
 * Inverse from LU factors (the `getri` kernel; dgetri's job, lu not written):
 * inv(A) = U⁻¹·L⁻¹·P, as native/src/lapack/getri.cc. L⁻¹ (unit lower) is formed in `inv` by
 * a recursive trtri that is two trsm calls per level (n³/3 flops), then U⁻¹·(L⁻¹) is one left
 * trsm (n³), then P is applied as column interchanges row by row (contiguous rows).
 */

import { trsmStrided } from './trsm';

const LEAF = 32;

/**
 * In place: x (n × n unit lower, strictly lower part read, row stride ld) ← its inverse's
 * strictly lower part. The leaf works row by row and, within row i, column by column upwards:
 * X(i, c) = −L(i, c) − Σ_{c<p<i} L(i, p)·X(p, c) needs only L(i, p) for p > c, still unwritten.
 */
function trtriUnitLower(n: i32, x: usize, ld: i32): void {
  const ldb = <usize>ld << 3;
  if (n <= LEAF) {
    for (let i = 1; i < n; i++) {
      const xi = x + <usize>i * ldb;
      for (let c = 0; c < i; c++) {
        let s = load<f64>(xi + (<usize>c << 3));
        for (let p = c + 1; p < i; p++) s += load<f64>(xi + (<usize>p << 3)) * load<f64>(x + <usize>p * ldb + (<usize>c << 3));
        store<f64>(xi + (<usize>c << 3), -s);
      }
    }
    return;
  }
  const n1 = n >> 1;
  const n2 = n - n1;
  const x21 = x + <usize>n1 * ldb;
  const x22 = x21 + (<usize>n1 << 3);
  // X21 = −L22⁻¹·L21·L11⁻¹, from the factors before they are inverted.
  trsmStrided(1, 0, 0, 1, n2, n1, 1, x, ld, x21, ld);
  trsmStrided(0, 0, 0, 1, n2, n1, -1, x22, ld, x21, ld);
  trtriUnitLower(n1, x, ld);
  trtriUnitLower(n2, x22, ld);
}

export function getri(n: i32, lu: usize, ipiv: usize, inv: usize): i32 {
  const ld = <usize>n << 3;
  for (let j = 0; j < n; j++) if (load<f64>(lu + <usize>j * ld + (<usize>j << 3)) == 0) return j + 1;
  if (n <= 0) return 0;
  for (let i = 0; i < n; i++) {
    const o = inv + <usize>i * ld;
    memory.copy(o, lu + <usize>i * ld, <usize>i << 3);
    store<f64>(o + (<usize>i << 3), 1);
    memory.fill(o + (<usize>(i + 1) << 3), 0, <usize>(n - i - 1) << 3);
  }
  trtriUnitLower(n, inv, n);
  trsmStrided(0, 1, 0, 0, n, n, 1, lu, n, inv, n);
  // inv(A) = X·P: column interchanges in reverse order, one row at a time.
  for (let i = 0; i < n; i++) {
    const o = inv + <usize>i * ld;
    for (let s = n - 1; s >= 0; s--) {
      const p = load<i32>(ipiv + (<usize>s << 2));
      if (p != s) {
        const x = o + (<usize>s << 3);
        const y = o + (<usize>p << 3);
        const v = load<f64>(x);
        store<f64>(x, load<f64>(y));
        store<f64>(y, v);
      }
    }
    // −0 → +0 (the alpha = −1 solve makes them; numpy's inv of a permutation has none).
    for (let c = 0; c < n; c++) {
      const q = o + (<usize>c << 3);
      store<f64>(q, load<f64>(q) + 0);
    }
  }
  return 0;
}
