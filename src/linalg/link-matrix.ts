/**
 * The link matrix of a web graph (course 1, PageRank): L[to, from] = 1 / outdeg(from), so
 * column j says where page j links to and every column sums to 1.
 *
 * Conventions (those of networkx / scipy.sparse users):
 * - a dense adjacency is `A[from][to] = 1` (row = the page that links, column = the page
 *   linked to, as `networkx.to_numpy_array`); L is its transpose with columns normalised;
 * - an edge is a `[from, to]` pair; a CSR adjacency has one row per linking page;
 * - a link is a link: duplicate edges count once, self-links are allowed and count;
 * - a page without outgoing links (dangling) links to every page with weight 1/n. The dense
 *   form stores that uniform column; the sparse form keeps the page in `dangling` and
 *   `pageRank` adds its mass explicitly, so both give the same ranks.
 */
import { MmlError, NonFiniteError, OptionError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite } from '../validate.js';

/**
 * The column-stochastic link matrix of a graph with n pages in compressed sparse row form,
 * with the values left implicit: row i (pages linking to page i) holds the source pages
 * `indices[indptr[i] .. indptr[i+1])`, ascending and distinct, and the entry for source j is
 * `1 / outDegree[j]`. Memory is 4·(2n + 1 + nnz + #dangling) bytes — never n².
 *
 * For scipy: `csr_matrix((1 / outDegree[indices], indices, indptr), shape=(n, n))` is L
 * without its dangling columns; add `np.ones(n)/n` columns at `dangling` for the full L.
 * Build it with {@link linkMatrix}; `nnz` is limited to 2³¹ − 1 (Int32 offsets).
 */
export interface SparseLinkMatrix {
  /** Tag that tells this form apart from a dense matrix. */
  readonly format: 'csr-link';
  /** Number of pages (L is n × n). */
  readonly n: number;
  /** Number of distinct links (stored entries). */
  readonly nnz: number;
  /** Row offsets, length n + 1; `indptr[n] === nnz`. */
  readonly indptr: Int32Array;
  /** Source page of each link, length nnz, grouped by target page. */
  readonly indices: Int32Array;
  /** Distinct outgoing links of each page, length n; 0 marks a dangling page. */
  readonly outDegree: Int32Array;
  /** The pages with no outgoing links, ascending. */
  readonly dangling: Int32Array;
}

/** Edges as two parallel arrays: link k goes from page `from[k]` to page `to[k]`. */
export interface EdgeArrays {
  /** Source page of each link (integers in [0, n)). */
  readonly from: ArrayLike<number>;
  /** Target page of each link, the same length as `from`. */
  readonly to: ArrayLike<number>;
  /** Number of pages; when absent (and not passed to `linkMatrix`), 1 + the largest index. */
  readonly n?: number;
}

/** A CSR adjacency (scipy's `A.indptr`, `A.indices`): row f lists the pages f links to. */
export interface CsrAdjacency {
  /** Length n + 1: row f's targets are `indices[indptr[f] .. indptr[f + 1] − 1]`. */
  readonly indptr: ArrayLike<number>;
  /** The target pages, row after row. */
  readonly indices: ArrayLike<number>;
}

/**
 * What `linkMatrix` accepts as an edge list: parallel arrays, a CSR adjacency, or (only
 * together with `n`) `[from, to]` pairs / an m × 2 matrix.
 */
export type EdgeList = EdgeArrays | CsrAdjacency | MatrixLike;

/**
 * Builds the column-stochastic link matrix L (L[to, from] = 1/outdeg(from)).
 *
 * - `linkMatrix(adjacency)` — a dense n × n 0/1 adjacency, `adjacency[from][to] = 1` —
 *   gives a dense n × n `Matrix`; a dangling page's column is uniform 1/n.
 * - `linkMatrix(edges, n?)` gives a {@link SparseLinkMatrix} without forming anything n × n.
 *   `edges` is `{ from, to }` (Int32Array / Uint32Array / number[], fine for 10⁷ links), a
 *   CSR adjacency `{ indptr, indices }`, or `[from, to]` pairs / an m × 2 matrix — pairs
 *   only when `n` is given, since without `n` an array of rows is read as a dense adjacency.
 *   `n` defaults to `edges.n`, the CSR row count, or 1 + the largest page index.
 *
 * Duplicate links count once; self-links count. Throws `ShapeError` for a non-square
 * adjacency or a page index outside [0, n), `MmlError` for an adjacency entry other than 0/1.
 * @example
 * linkMatrix([[0, 1], [1, 1]]).toArray()       // [[0, 0.5], [1, 0.5]]  (0→1, 1→0, 1→1)
 * linkMatrix([[0, 1], [1, 0], [1, 1]], 3)       // sparse; page 2 is dangling
 * linkMatrix({ from: [0, 1, 1], to: [1, 0, 1] }).outDegree // Int32Array [1, 2]
 */
export function linkMatrix(adjacency: MatrixLike): Matrix;
export function linkMatrix(edges: EdgeList, n?: number): SparseLinkMatrix;
export function linkMatrix(input: EdgeList, n?: number): Matrix | SparseLinkMatrix {
  if (n !== undefined && (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > MAX_PAGES)) {
    throw new OptionError('n', `an integer in [0, ${MAX_PAGES}]`, n);
  }
  if (isCsrAdjacency(input)) return fromCsr(input, n);
  if (isEdgeArrays(input)) {
    const given = n ?? input.n;
    if (given !== undefined && (typeof given !== 'number' || !Number.isSafeInteger(given) || given < 0 || given > MAX_PAGES)) {
      throw new OptionError('edges.n', `an integer in [0, ${MAX_PAGES}]`, given);
    }
    return fromEdgeArrays(input.from, input.to, given);
  }
  if (n !== undefined) return fromPairs(input as MatrixLike, n);
  return denseLinkMatrix(asMatrix(input as MatrixLike, 'linkMatrix: adjacency'));
}

/** Largest page count: offsets and indices are Int32. */
const MAX_PAGES = 0x7fffffff - 1;

function isCsrAdjacency(x: unknown): x is CsrAdjacency {
  return typeof x === 'object' && x !== null && !(x instanceof Matrix) && !Array.isArray(x) && 'indptr' in x && 'indices' in x;
}

function isEdgeArrays(x: unknown): x is EdgeArrays {
  return typeof x === 'object' && x !== null && !(x instanceof Matrix) && !Array.isArray(x) && 'from' in x && 'to' in x;
}

function denseLinkMatrix(a: Matrix): Matrix {
  const n = a.rows;
  if (a.cols !== n) {
    throw new ShapeError(
      `linkMatrix: adjacency must be square (n × n, adjacency[from][to]); got ${a.rows}×${a.cols}` +
        (a.cols === 2 ? ' — for [from, to] pairs pass the page count: linkMatrix(edges, n)' : ''),
      [a.shape],
    );
  }
  assertFinite(a, 'linkMatrix: adjacency');
  const src = a.data;
  const out = new Matrix(n, n);
  const l = out.data;
  for (let from = 0; from < n; from++) {
    let deg = 0;
    for (let to = 0; to < n; to++) {
      const v = src[from * n + to];
      if (v === 1) deg++;
      else if (v !== 0) {
        throw new MmlError(`linkMatrix: adjacency entry (${from}, ${to}) must be 0 or 1; got ${describeValue(v)}`);
      }
    }
    // A dangling page links to every page alike (the course's smoothing, made exact).
    const w = deg === 0 ? 1 / n : 1 / deg;
    for (let to = 0; to < n; to++) if (deg === 0 || src[from * n + to] === 1) l[to * n + from] = w;
  }
  return out;
}

function fromPairs(given: MatrixLike, n: number): SparseLinkMatrix {
  if (given instanceof Matrix) {
    const pairs = asMatrix(given, 'linkMatrix: edges'); // its fields are checked, as every Matrix's
    if (pairs.cols !== 2 && pairs.rows > 0) {
      throw new ShapeError(`linkMatrix: an edge matrix must be m × 2 ([from, to] rows); got ${pairs.rows}×${pairs.cols}`, [pairs.shape]);
    }
    const m = pairs.rows;
    const from = new Float64Array(m);
    const to = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      from[k] = pairs.data[2 * k];
      to[k] = pairs.data[2 * k + 1];
    }
    return fromEdgeArrays(from, to, n);
  }
  const pairs = given;
  if (!Array.isArray(pairs)) throw new ShapeError(`linkMatrix: edges must be [from, to] pairs; got ${describeValue(pairs)}`);
  const m = pairs.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const p: unknown = pairs[k];
    if ((!Array.isArray(p) && !ArrayBuffer.isView(p)) || (p as ArrayLike<number>).length !== 2) {
      throw new ShapeError(`linkMatrix: edge ${k} must be a [from, to] pair; got ${describeValue(p)}`);
    }
    const [f, t] = [(p as ArrayLike<number>)[0], (p as ArrayLike<number>)[1]];
    checkIndex(f, n, `edge ${k}: from`);
    checkIndex(t, n, `edge ${k}: to`);
    from[k] = f;
    to[k] = t;
  }
  return fromEdgeArrays(from, to, n);
}

function fromEdgeArrays(from: ArrayLike<number>, to: ArrayLike<number>, n: number | undefined): SparseLinkMatrix {
  if (!isIndexArray(from)) throw new ShapeError(`linkMatrix: edges.from must be an array of page indices; got ${describeValue(from)}`);
  if (!isIndexArray(to)) throw new ShapeError(`linkMatrix: edges.to must be an array of page indices; got ${describeValue(to)}`);
  const m = from.length;
  if (to.length !== m) {
    throw new ShapeError(`linkMatrix: edges.from and edges.to must have one length; got ${m} and ${to.length}`, [[m], [to.length]]);
  }
  if (m > 0x7fffffff) throw new ShapeError(`linkMatrix: at most 2^31 − 1 edges; got ${m}`);
  // One pass checks every index (integer, ≥ 0, < n) and finds n when not given.
  let maxIndex = -1;
  const limit = n ?? MAX_PAGES;
  for (let k = 0; k < m; k++) {
    const f = from[k];
    const t = to[k];
    if (!((f | 0) === f && f >= 0 && f < limit)) checkIndex(f, limit, `edges.from[${k}]`, n === undefined);
    if (!((t | 0) === t && t >= 0 && t < limit)) checkIndex(t, limit, `edges.to[${k}]`, n === undefined);
    if (f > maxIndex) maxIndex = f;
    if (t > maxIndex) maxIndex = t;
  }
  const pages = n ?? maxIndex + 1;
  // Bucket the targets by source (a counting sort): this is the CSR adjacency.
  const fromPtr = new Int32Array(pages + 1);
  for (let k = 0; k < m; k++) fromPtr[from[k] + 1]++;
  for (let i = 0; i < pages; i++) fromPtr[i + 1] += fromPtr[i];
  const next = fromPtr.slice(0, pages);
  const byFrom = new Int32Array(m);
  for (let k = 0; k < m; k++) byFrom[next[from[k]]++] = to[k];
  return transposeAdjacency(pages, fromPtr, byFrom);
}

function fromCsr(csr: CsrAdjacency, n: number | undefined): SparseLinkMatrix {
  const { indptr, indices } = csr;
  if (!isIndexArray(indptr) || indptr.length < 1) {
    throw new ShapeError(`linkMatrix: CSR indptr must be an array of n + 1 offsets; got ${describeValue(indptr)}`);
  }
  if (!isIndexArray(indices)) throw new ShapeError(`linkMatrix: CSR indices must be an array of page indices; got ${describeValue(indices)}`);
  const pages = indptr.length - 1;
  if (n !== undefined && n !== pages) {
    throw new ShapeError(`linkMatrix: a CSR adjacency for n = ${n} pages needs indptr of length ${n + 1}; got ${indptr.length}`, [[indptr.length]]);
  }
  if (pages > MAX_PAGES) throw new ShapeError(`linkMatrix: at most ${MAX_PAGES} pages; got ${pages}`);
  const m = indptr[pages];
  if (indptr[0] !== 0 || m !== indices.length) {
    throw new ShapeError(`linkMatrix: CSR indptr must run from 0 to indices.length = ${indices.length}; got ${indptr[0]} … ${m}`);
  }
  const ptr = indptr instanceof Int32Array ? indptr : Int32Array.from(indptr);
  for (let i = 0; i < pages; i++) {
    if (!(indptr[i + 1] >= indptr[i]) || (indptr[i + 1] | 0) !== indptr[i + 1]) {
      throw new ShapeError(`linkMatrix: CSR indptr must be non-decreasing integers; indptr[${i + 1}] = ${indptr[i + 1]} after ${indptr[i]}`);
    }
  }
  for (let k = 0; k < m; k++) {
    const t = indices[k];
    if (!((t | 0) === t && t >= 0 && t < pages)) checkIndex(t, pages, `CSR indices[${k}]`);
  }
  const targets = indices instanceof Int32Array ? indices : Int32Array.from(indices);
  return transposeAdjacency(pages, ptr, targets);
}

/**
 * From the adjacency by source (row f = targets of f) to L by target with the sources of each
 * row ascending (a second, stable counting sort), then drops repeated links.
 */
function transposeAdjacency(n: number, fromPtr: Int32Array, byFrom: Int32Array): SparseLinkMatrix {
  const m = byFrom.length;
  const indptr = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) indptr[byFrom[k] + 1]++;
  for (let i = 0; i < n; i++) indptr[i + 1] += indptr[i];
  const next = indptr.slice(0, n);
  let indices = new Int32Array(m);
  for (let f = 0; f < n; f++) {
    for (let k = fromPtr[f], end = fromPtr[f + 1]; k < end; k++) indices[next[byFrom[k]]++] = f;
  }
  // Sources are ascending within a row, so a repeated link is a repeated neighbour.
  const outDegree = new Int32Array(n);
  let w = 0;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = indptr[i + 1];
    indptr[i] = w;
    let prev = -1;
    for (let k = start; k < end; k++) {
      const s = indices[k];
      if (s !== prev) {
        indices[w++] = s;
        outDegree[s]++;
        prev = s;
      }
    }
    start = end;
  }
  indptr[n] = w;
  if (w < m) indices = indices.slice(0, w);
  let count = 0;
  for (let j = 0; j < n; j++) if (outDegree[j] === 0) count++;
  const dangling = new Int32Array(count);
  for (let j = 0, d = 0; j < n; j++) if (outDegree[j] === 0) dangling[d++] = j;
  return { format: 'csr-link', n, nnz: w, indptr, indices, outDegree, dangling };
}

function isIndexArray(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array));
}

/** Throws the error that explains why `v` is not a page index below `limit`. */
function checkIndex(v: unknown, limit: number, what: string, inferred = false): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new NonFiniteError(`linkMatrix: ${what} must be a page index (an integer ≥ 0); got ${describeValue(v)}`, [], v);
  }
  if (!Number.isInteger(v) || v < 0 || v >= limit) {
    const range = inferred ? `an integer in [0, ${limit})` : `an integer in [0, n) = [0, ${limit})`;
    throw new ShapeError(`linkMatrix: ${what} must be ${range}; got ${describeValue(v)}`);
  }
}
