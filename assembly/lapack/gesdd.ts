/**
 * SVD (the `gesdd` kernel of src/backend/kernels.ts), LAPACK dgesdd's pipeline as native's
 * (native/src/lapack/gesdd.cc): Householder bidiagonalisation (gebrd.ts, blocked on gemm),
 * divide and conquer on the bidiagonal (bdsdc.ts, merges on gemm), then U = Q·U_B and
 * V = P·V_B by block reflectors (ormbr, gebrd.ts, on gemm).
 *
 * Layout: a row-major m × n buffer IS the column-major n × m matrix Aᵀ. The core works on a
 * column-major tall matrix (M ≥ N rows): for a square or wide A that is the buffer itself, read
 * as Aᵀ = U'·Σ·V'ᵀ, so A = V'·Σ·U'ᵀ; a tall A is first transposed into the work area. One of
 * the two factors then lands in its output as it is (column-major V is row-major Vᵀ), the other
 * is transposed out of the work area.
 *
 * Values only (jobz 0): the singular values of B are the non-negative eigenvalues of its
 * Golub–Kahan form, the 2N × 2N tridiagonal with zero diagonal and off-diagonal
 * (d0, e0, d1, e1, …, d_{N−1}); implicit QL/QR without vectors (sym-eig/steqr.ts) gets them to
 * ε·‖B‖ absolute accuracy (the contract's), in O(N²).
 *
 * Tall A beyond LAPACK's crossover (m ≥ 11/6·n): A = Q·R by the row-major geqrf first, the SVD
 * of the n × n R (this function again), then U = Q·[U_R; 0] by ormqr — the long side is
 * swept by the QR's 2mn² flops instead of the bidiagonalisation's 4mn². A wide A beyond it
 * (n ≥ 11/6·m) is transposed into the work area and takes the same route: Aᵀ = U'·Σ·V'ᵀ, so
 * U = V' and Vᵀ = U'ᵀ (LAPACK's LQ first, with one O(mn) copy).
 *
 * Scaling as dgesdd: A is scaled into [sqrt(safmin)/eps, its reciprocal] when its largest entry
 * lies outside, and s scaled back. Non-finite input gives NaN outputs (as native).
 */

import { bdsdc, bdsdcWorkSize } from './bdsdc';
import { gebrd, gebrdWorkSize, ormbrP, ormbrQ, ormbrWorkSize } from './gebrd';
import { steqr } from '../sym-eig/steqr';
import { geqrf } from './geqrf';
import { ormqr } from './ormqr';
import { qrWorkSize } from './qr-block';

/** LAPACK's crossover (mnthr = 11/6 of the short side): beyond it, QR first. */
// @ts-ignore: decorator
@inline function qrFirst(m: i32, n: i32): bool {
  return n > 0 && <i64>6 * m >= <i64>11 * n;
}

const SMLNUM: f64 = 1.4916681462400413e-154 / 2.220446049250313e-16; // sqrt(DBL_MIN) / DBL_EPSILON
const BIGNUM: f64 = 1 / SMLNUM;

// @ts-ignore: decorator
@inline function f64s(count: i32): usize {
  return ((<usize>count * 8 + 15) & ~(<usize>15));
}

/** dst (rows × cols row-major, ldd) ← src (rows × cols column-major, lds), in 32 × 32 tiles. */
export function toRowMajor(rows: i32, cols: i32, src: usize, lds: i32, dst: usize, ldd: i32): void {
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    for (let j0 = 0; j0 < cols; j0 += B) {
      const i1 = min(rows, i0 + B);
      const j1 = min(cols, j0 + B);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          store<f64>(dst + ((<usize>i * ldd + j) << 3), load<f64>(src + ((<usize>i + <usize>j * lds) << 3)));
        }
      }
    }
  }
}

/** f64 slots `gesdd` needs as `work` (the layout of `gesdd` below; the buffers it places in vt are not counted). */
export function gesddWorkSize(jobz: i32, m: i32, n: i32): i32 {
  const k = min(m, n);
  const l = max(m, n);
  if (k <= 0) return 0;
  if (qrFirst(m, n)) {
    // tau, R, U_R (with vectors), then the largest of geqrf's, R's SVD's and ormqr's scratch.
    const ucols = jobz == 2 ? m : n;
    const own = n + 2 + n * n + 2 + (jobz == 0 ? 0 : n * n + 2);
    return own + max(max(qrWorkSize(m, n), qrWorkSize(m, ucols)), gesddWorkSize(jobz == 0 ? 0 : 1, n, n)) + 16;
  }
  if (qrFirst(n, m)) {
    // Aᵀ, its U' (n × n or n × m) and V'ᵀ (m × m) with vectors, then the tall route's scratch.
    const own = n * m + 2 + (jobz == 0 ? 0 : n * (jobz == 2 ? n : m) + 2 + m * m + 2);
    return own + gesddWorkSize(jobz, n, m) + 16;
  }
  const tall = m > n;
  const ucols = jobz == 2 ? l : k;
  // Column-major copy of a tall A, e / tauq / taup, U (l × ucols) unless in vt, V (k × k)
  // unless in vt, then the largest of the stages' scratch (16-byte rounding: + 2 per buffer).
  let fixed = (tall ? l * k : 0) + 3 * k + 16;
  if (tall || jobz == 0) fixed += l * ucols + 2;
  if (!tall || jobz == 0) fixed += k * k + 2;
  const stage = max(max(gebrdWorkSize(l, k), 4 * k + 8), jobz == 0 ? 0 : max(bdsdcWorkSize(k), ormbrWorkSize(l, ucols, k)));
  return fixed + stage + 64;
}

function identity(q: usize, n: i32): void {
  memory.fill(q, 0, (<usize>n * n) << 3);
  for (let i = 0; i < n; i++) store<f64>(q + ((<usize>i * n + i) << 3), 1);
}

/** Insertion sort of x[0..n) into descending order (O(n²), as the QL/QR before it). */
function sortDescending(x: usize, n: i32): void {
  for (let i = 1; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0 && load<f64>(x + (<usize>j << 3)) < v) {
      store<f64>(x + (<usize>(j + 1) << 3), load<f64>(x + (<usize>j << 3)));
      j--;
    }
    store<f64>(x + (<usize>(j + 1) << 3), v);
  }
}

/** B's singular values (d: n, e: n − 1) into d, descending, by QL/QR on the Golub–Kahan form. */
function valuesOnly(n: i32, d: usize, e: usize, work: usize): i32 {
  const m = 2 * n;
  const td = work;
  const te = td + f64s(m);
  memory.fill(td, 0, <usize>m << 3);
  for (let i = 0; i < n; i++) {
    store<f64>(te + (<usize>(2 * i) << 3), load<f64>(d + (<usize>i << 3)));
    if (i + 1 < n) store<f64>(te + (<usize>(2 * i + 1) << 3), load<f64>(e + (<usize>i << 3)));
  }
  const info = steqr(m, td, te, false);
  if (info != 0) return info;
  // The eigenvalues are ±s: the n largest (by value) are s, tiny ones possibly with either sign.
  sortDescending(td, m);
  for (let i = 0; i < n; i++) store<f64>(d + (<usize>i << 3), abs<f64>(load<f64>(td + (<usize>i << 3))));
  sortDescending(d, n); // |·| of the tiniest can break the order by rounding
  return 0;
}

export function gesdd(jobz: i32, m: i32, n: i32, a: usize, s: usize, u: usize, vt: usize, work: usize): i32 {
  const k = min(m, n);
  if (k <= 0) {
    if (jobz == 2) {
      identity(u, m);
      identity(vt, n);
    }
    return 0;
  }
  const size = <usize>m * n;
  let anrm: f64 = 0;
  let finite = true;
  for (let i: usize = 0; i < size; i++) {
    const x = abs<f64>(load<f64>(a + (i << 3)));
    finite = finite && x <= 1.7976931348623157e308;
    anrm = max<f64>(anrm, x);
  }
  if (!finite) {
    const uc = jobz == 2 ? m : k;
    const vr = jobz == 2 ? n : k;
    for (let i = 0; i < k; i++) store<f64>(s + (<usize>i << 3), NaN);
    if (jobz != 0) {
      for (let i: usize = 0; i < <usize>m * uc; i++) store<f64>(u + (i << 3), NaN);
      for (let i: usize = 0; i < <usize>vr * n; i++) store<f64>(vt + (i << 3), NaN);
    }
    return 0;
  }
  let scale: f64 = 1;
  if (anrm > 0 && anrm < SMLNUM) scale = SMLNUM / anrm;
  if (anrm > BIGNUM) scale = BIGNUM / anrm;
  if (scale != 1) for (let i: usize = 0; i < size; i++) store<f64>(a + (i << 3), load<f64>(a + (i << 3)) * scale);

  if (qrFirst(m, n)) return tallByQr(jobz, m, n, a, s, u, vt, work, scale);
  if (qrFirst(n, m)) return wideByLq(jobz, m, n, a, s, u, vt, work, scale);

  const tall = m > n;
  const M = tall ? m : n; // the column-major tall problem is M × N
  const N = k;
  const ucols = jobz == 2 ? M : N;

  let wp = work;
  let wa = a;
  if (tall) {
    wa = wp;
    wp += f64s(m * n);
    toRowMajor(n, m, a, n, wa, m); // wa = A column-major (Aᵀ row-major)
  }
  const e = wp; wp += f64s(N);
  const tauq = wp; wp += f64s(N);
  const taup = wp; wp += f64s(N);
  // U' (M × ucols, column-major, ld M) and V' (N × N, ld N). For a wide A, U' is vt's layout
  // exactly (vt = U'ᵀ row-major), so it is built in place there; for a tall A, V' is vt's.
  const inPlaceU = !tall && jobz != 0;
  const U = inPlaceU ? vt : wp;
  if (!inPlaceU) wp += f64s(M * ucols);
  const V = tall && jobz != 0 ? vt : wp;
  if (!(tall && jobz != 0)) wp += f64s(N * N);

  gebrd(M, N, wa, M, s, e, tauq, taup, wp);
  if (jobz == 0) {
    const info = valuesOnly(N, s, e, wp);
    if (scale != 1) for (let i = 0; i < k; i++) store<f64>(s + (<usize>i << 3), load<f64>(s + (<usize>i << 3)) / scale);
    return info;
  }
  const info = bdsdc(N, s, e, U, M, V, N, wp);
  if (scale != 1) for (let i = 0; i < k; i++) store<f64>(s + (<usize>i << 3), load<f64>(s + (<usize>i << 3)) / scale);

  // U's rows past N are zero, and its columns past N (full U) the identity's.
  for (let j = 0; j < ucols; j++) {
    const cj = U + ((<usize>j * M) << 3);
    const from = j < N ? N : 0;
    memory.fill(cj + (<usize>from << 3), 0, <usize>(M - from) << 3);
    if (j >= N) store<f64>(cj + (<usize>j << 3), 1);
  }
  ormbrQ(M, N, ucols, wa, M, tauq, U, M, wp);
  ormbrP(N, N, wa, M, taup, V, N, wp);

  if (tall) {
    toRowMajor(m, ucols, U, M, u, ucols); // u (m × ucols) = U; vt = Vᵀ is V's memory (in place)
  } else {
    toRowMajor(m, m, V, N, u, m); // u (m × m) = V'; vt = U'ᵀ is U's memory (in place)
  }
  return info;
}

/**
 * gesdd of a tall (m ≥ 11/6·n), already scaled A through its QR factorisation: A = Q·R, R =
 * U_R·Σ·Vᵀ, so U = Q·[U_R; 0] (full U: Q·[U_R 0; 0 I]) and Vᵀ is R's. `scale` is undone on s.
 */
function tallByQr(jobz: i32, m: i32, n: i32, a: usize, s: usize, u: usize, vt: usize, work: usize, scale: f64): i32 {
  let wp = work;
  const tau = wp; wp += f64s(n);
  const r = wp; wp += f64s(n * n);
  let ur: usize = 0;
  if (jobz != 0) {
    ur = wp;
    wp += f64s(n * n);
  }
  geqrf(m, n, a, tau, wp); // row-major in place: R above the diagonal, the reflectors below
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) store<f64>(r + ((<usize>i * n + j) << 3), j >= i ? load<f64>(a + ((<usize>i * n + j) << 3)) : 0);
  }
  const info = gesdd(jobz == 0 ? 0 : 1, n, n, r, s, ur, vt, wp);
  if (scale != 1) for (let i = 0; i < n; i++) store<f64>(s + (<usize>i << 3), load<f64>(s + (<usize>i << 3)) / scale);
  if (jobz == 0) return info;
  const ucols = jobz == 2 ? m : n;
  memory.fill(u, 0, (<usize>m * ucols) << 3);
  for (let i = 0; i < n; i++) memory.copy(u + ((<usize>i * ucols) << 3), ur + ((<usize>i * n) << 3), <usize>n << 3);
  for (let i = n; i < ucols; i++) store<f64>(u + ((<usize>i * ucols + i) << 3), 1);
  ormqr(0, 0, m, ucols, n, a, tau, u, wp);
  return info;
}

/** gesdd of a wide (n ≥ 11/6·m), already scaled A: the tall route on Aᵀ, its factors swapped and transposed out. */
function wideByLq(jobz: i32, m: i32, n: i32, a: usize, s: usize, u: usize, vt: usize, work: usize, scale: f64): i32 {
  let wp = work;
  const at = wp; wp += f64s(n * m);
  toRowMajor(n, m, a, n, at, m); // Aᵀ, n × m row-major
  if (jobz == 0) return tallByQr(0, n, m, at, s, 0, 0, wp, scale);
  const ucolsT = jobz == 2 ? n : m;
  const ut = wp; wp += f64s(n * ucolsT);
  const vtt = wp; wp += f64s(m * m);
  const info = tallByQr(jobz, n, m, at, s, ut, vtt, wp, scale);
  toRowMajor(m, m, vtt, m, u, m); // U = V' = (V'ᵀ)ᵀ
  toRowMajor(ucolsT, n, ut, ucolsT, vt, n); // Vᵀ = U'ᵀ
  return info;
}
