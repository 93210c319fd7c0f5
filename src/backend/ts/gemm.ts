/**
 * Reference DGEMM in plain TypeScript: C ← alpha · op(A) · op(B) + beta · C (row-major).
 *
 * A 4 × 4 register tile (16 scalar accumulators) over k-blocks: V8 keeps the tile in
 * registers, so each pair of loads feeds 4 multiply-adds — about 4× the throughput of a
 * plain i-k-j loop. Packing B into slivers was measured and gave nothing in JS, so
 * transposes are handled with strides instead of copies (the kernel allocates nothing).
 */

/** Depth of one k-block and width of one column block: keeps the B panel cache-resident. */
const KC = 256;
const NC = 256;

export function gemm(
  transA: 0 | 1,
  transB: 0 | 1,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  b: Float64Array,
  beta: number,
  c: Float64Array,
): void {
  if (m === 0 || n === 0) return;
  scaleInPlace(c, m * n, beta);
  if (k === 0) return;
  // Element op(A)[i, p] sits at a[i·sai + p·sap]; op(B)[p, j] at b[p·sbp + j·sbj].
  const sai = transA ? 1 : k;
  const sap = transA ? m : 1;
  const sbp = transB ? 1 : n;
  const sbj = transB ? k : 1;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const j1 = Math.min(n, j0 + NC);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const p1 = Math.min(k, p0 + KC);
      block(m, n, j0, j1, p0, p1, alpha, a, sai, sap, b, sbp, sbj, c);
    }
  }
}

/** C[:, j0:j1] += alpha · op(A)[:, p0:p1] · op(B)[p0:p1, j0:j1]. */
function block(
  m: number, n: number, j0: number, j1: number, p0: number, p1: number, alpha: number,
  a: Float64Array, sai: number, sap: number,
  b: Float64Array, sbp: number, sbj: number,
  c: Float64Array,
): void {
  const mq = m - (m % 4);
  const jq = j1 - ((j1 - j0) % 4);
  for (let i = 0; i < mq; i += 4) {
    const a0 = i * sai + p0 * sap;
    const a1 = a0 + sai;
    const a2 = a1 + sai;
    const a3 = a2 + sai;
    for (let j = j0; j < jq; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let bi = p0 * sbp + j * sbj;
      for (let ap = 0, p = p0; p < p1; p++, ap += sap, bi += sbp) {
        const b0 = b[bi], b1 = b[bi + sbj], b2 = b[bi + 2 * sbj], b3 = b[bi + 3 * sbj];
        let x = a[a0 + ap];
        c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
        x = a[a1 + ap];
        c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
        x = a[a2 + ap];
        c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
        x = a[a3 + ap];
        c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
      }
      let ci = i * n + j;
      c[ci] += alpha * c00; c[ci + 1] += alpha * c01; c[ci + 2] += alpha * c02; c[ci + 3] += alpha * c03;
      ci += n;
      c[ci] += alpha * c10; c[ci + 1] += alpha * c11; c[ci + 2] += alpha * c12; c[ci + 3] += alpha * c13;
      ci += n;
      c[ci] += alpha * c20; c[ci + 1] += alpha * c21; c[ci + 2] += alpha * c22; c[ci + 3] += alpha * c23;
      ci += n;
      c[ci] += alpha * c30; c[ci + 1] += alpha * c31; c[ci + 2] += alpha * c32; c[ci + 3] += alpha * c33;
    }
    edge(i, i + 4, jq, j1, p0, p1, n, alpha, a, sai, sap, b, sbp, sbj, c);
  }
  edge(mq, m, j0, j1, p0, p1, n, alpha, a, sai, sap, b, sbp, sbj, c);
}

/** Dot-product loop for the ragged rows/columns the 4 × 4 tile does not cover. */
function edge(
  i0: number, i1: number, j0: number, j1: number, p0: number, p1: number, n: number, alpha: number,
  a: Float64Array, sai: number, sap: number,
  b: Float64Array, sbp: number, sbj: number,
  c: Float64Array,
): void {
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j++) {
      let s = 0;
      let ai = i * sai + p0 * sap;
      let bi = p0 * sbp + j * sbj;
      for (let p = p0; p < p1; p++, ai += sap, bi += sbp) s += a[ai] * b[bi];
      c[i * n + j] += alpha * s;
    }
  }
}

/** C ← beta · C, with beta = 0 meaning "overwrite" (NaN already in C must not survive). */
function scaleInPlace(c: Float64Array, len: number, beta: number): void {
  if (beta === 1) return;
  if (beta === 0) {
    c.fill(0, 0, len);
    return;
  }
  for (let i = 0; i < len; i++) c[i] *= beta;
}
