/**
 * The ts reference of the `gesdd` kernel (contract in ../kernels.ts): one-sided Jacobi
 * (Hestenes), the SVD the facade used to run itself.
 *
 * Why Jacobi for the reference: it is short, needs no bidiagonalisation, is backward stable
 * (‖A − UΣVᵀ‖ ≈ ε‖A‖) and, for matrices that are well-conditioned up to a column scaling,
 * computes even tiny singular values to high relative accuracy (Demmel & Veselić 1992). Cost is
 * a few sweeps of k²/2 plane rotations of length l (k = min(m, n), l = max(m, n)): fine for the
 * course's sizes and a few hundred rows/columns; the native kernel does LAPACK's pipeline.
 *
 * The k vectors being orthogonalised are stored as contiguous ROWS of a k × l work matrix W:
 * the columns of A when m ≥ n (W = Aᵀ), the rows of A when m < n (W = A). Rotations R
 * (k × k, orthogonal) accumulate so that R·W₀ = diag(s)·X with X's rows orthonormal. Then
 * m ≥ n: A = Xᵀ·diag(s)·R (u = Xᵀ, vt = R);  m < n: A = Rᵀ·diag(s)·X (u = Rᵀ, vt = X).
 */

const EPS = 2 ** -52;

/** Jacobi sweeps before giving up (typically 5–12 are used). */
const MAX_SWEEPS = 60;

/** Rows of W smaller than this (after scaling A to max|A| = 1) are treated as exactly zero:
 * their squared norms would be at or below the underflow range. */
const NEGLIGIBLE = 1e-150;
const NEGLIGIBLE_SQ = NEGLIGIBLE * NEGLIGIBLE;

/**
 * The sweeps, the O(sweeps · k² · l) part: rotate pairs of W's k rows (length l, row stride l)
 * until every pair is orthogonal to within `tol` relative to the norms, each rotation also
 * applied to the rows of R (k × k) when given. Rows with squared norm below `negligibleSq` are
 * skipped. Returns 0 once a sweep rotates nothing, or the number of sweeps done when
 * `maxSweeps` is reached (the kernel's info).
 */
export type JacobiSweeps = (k: number, l: number, w: Float64Array, r: Float64Array | undefined, tol: number, maxSweeps: number, negligibleSq: number) => number;

export function gesdd(
  jobz: 0 | 1 | 2,
  m: number,
  n: number,
  a: Float64Array,
  s: Float64Array,
  u: Float64Array,
  vt: Float64Array,
): number {
  return gesddWithSweeps(jobz, m, n, a, s, u, vt, jacobiSweeps);
}

/** The same SVD with the sweeps run by `sweeps` (the driver: scaling, ordering, completing the bases). */
export function gesddWithSweeps(
  jobz: 0 | 1 | 2,
  m: number,
  n: number,
  a: Float64Array,
  s: Float64Array,
  u: Float64Array,
  vt: Float64Array,
  sweeps: JacobiSweeps,
): number {
  const tall = m >= n;
  const k = Math.min(m, n);
  const l = Math.max(m, n);
  if (k === 0) {
    if (jobz === 2) {
      identityInto(u, m);
      identityInto(vt, n);
    }
    return 0;
  }

  // W (k × l): the vectors to orthogonalise, as rows, scaled so max|A| = 1 (no overflow in
  // the squared norms, whatever A's magnitude).
  let scale = 0;
  for (let i = 0; i < m * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  const inv = scale > 0 ? 1 / scale : 1;
  const w = new Float64Array(k * l);
  if (tall) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * l + i] = a[i * n + j] * inv;
  } else {
    for (let i = 0; i < k * l; i++) w[i] = a[i] * inv;
  }
  const vectors = jobz !== 0;
  const r = vectors ? new Float64Array(k * k) : undefined;
  if (r) for (let i = 0; i < k; i++) r[i * k + i] = 1;

  // Rotate while any pair is not orthogonal to within tol relative to the norms (LAPACK's
  // dgesvj uses sqrt(m)·ε: the dot products themselves carry ~sqrt(l)·ε relative rounding).
  const info = sweeps(k, l, w, r, Math.sqrt(l) * EPS, MAX_SWEEPS, NEGLIGIBLE_SQ);
  if (info !== 0) return info;

  // Singular values = row norms; order descending (stable on ties).
  const norms = new Float64Array(k);
  for (let p = 0; p < k; p++) {
    let sum = 0;
    for (let i = 0; i < l; i++) sum += w[p * l + i] * w[p * l + i];
    norms[p] = Math.sqrt(sum);
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => norms[y] - norms[x] || x - y);
  for (let j = 0; j < k; j++) {
    const v = norms[order[j]];
    s[j] = v < NEGLIGIBLE ? 0 : v * scale;
  }
  if (!r) return 0;

  // X (rows × l; k rows, or l when full): normalised rows in the new order, then completed to
  // an orthonormal set where the singular value is exactly zero and past k. R's rows permuted.
  const full = jobz === 2;
  const xRows = full ? l : k;
  const x = new Float64Array(xRows * l);
  const rs = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const src = order[j];
    rs.set(r.subarray(src * k, (src + 1) * k), j * k);
    const nrm = norms[src];
    if (nrm >= NEGLIGIBLE) for (let i = 0; i < l; i++) x[j * l + i] = w[src * l + i] / nrm;
  }
  for (let j = 0; j < xRows; j++) if (j >= k || norms[order[j]] < NEGLIGIBLE) completeRow(x, j, l);

  if (tall) {
    // u (m × uc) = Xᵀ, vt (k × k) = R.
    const uc = full ? m : k;
    for (let i = 0; i < m; i++) for (let j = 0; j < uc; j++) u[i * uc + j] = x[j * l + i];
    vt.set(rs);
  } else {
    // u (m × m) = Rᵀ, vt (rows × n) = X.
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) u[i * m + j] = rs[j * k + i];
    vt.set(x);
  }
  return 0;
}

/** The ts sweeps (see `JacobiSweeps`). */
function jacobiSweeps(k: number, l: number, w: Float64Array, r: Float64Array | undefined, tol: number, maxSweeps: number, negligibleSq: number): number {
  let sweep = 0;
  for (;;) {
    let rotated = 0;
    for (let p = 0; p < k - 1; p++) {
      const wp = p * l;
      for (let q = p + 1; q < k; q++) {
        const wq = q * l;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < l; i++) {
          const x = w[wp + i];
          const y = w[wq + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        // A row below NEGLIGIBLE is zero for good: rotating it against others only shrinks it
        // into the subnormals, where β underflows before γ and the test never passes.
        if (alpha < negligibleSq || beta < negligibleSq) continue;
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated++;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = c * t;
        for (let i = 0; i < l; i++) {
          const x = w[wp + i];
          const y = w[wq + i];
          w[wp + i] = c * x - sn * y;
          w[wq + i] = sn * x + c * y;
        }
        if (r) {
          const rp = p * k;
          const rq = q * k;
          for (let i = 0; i < k; i++) {
            const x = r[rp + i];
            const y = r[rq + i];
            r[rp + i] = c * x - sn * y;
            r[rq + i] = sn * x + c * y;
          }
        }
      }
    }
    if (rotated === 0) return 0;
    if (++sweep >= maxSweeps) return sweep;
  }
}

function identityInto(q: Float64Array, n: number): void {
  q.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
}

/** Row j of x (rows × l) ← a unit vector orthogonal to every other row (zero rows ignored). */
function completeRow(x: Float64Array, j: number, l: number): void {
  const k = x.length / l;
  const v = new Float64Array(l);
  let bestNorm = -1;
  let best: Float64Array | undefined;
  for (let e = 0; e < l; e++) {
    v.fill(0);
    v[e] = 1;
    // Gram–Schmidt twice ("twice is enough", Kahan/Parlett) against every other row.
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < k; q++) {
        if (q === j) continue;
        let d = 0;
        for (let i = 0; i < l; i++) d += x[q * l + i] * v[i];
        if (d !== 0) for (let i = 0; i < l; i++) v[i] -= d * x[q * l + i];
      }
    }
    let nrm = 0;
    for (let i = 0; i < l; i++) nrm += v[i] * v[i];
    nrm = Math.sqrt(nrm);
    if (nrm > bestNorm) {
      bestNorm = nrm;
      best = v.slice();
    }
    if (nrm > 0.5) break; // well away from the span: good enough
  }
  for (let i = 0; i < l; i++) x[j * l + i] = best![i] / bestNorm;
}
