/**
 * k nearest neighbours by streaming over tiles of the distance matrix: queries in blocks,
 * reference points in tiles, a running top-k per query. Memory is O(block · tile + m · k),
 * never the m × n distance matrix, so MNIST-sized sets (70 000 × 784) work.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { allocFloat64, asMatrix, assertFinite, optionsObject } from '../validate.js';
import { booleanOption, exactSqDistBlock, rowSqNorms, sqDistBlock } from './pairwise.js';
import { extremeScaleFor } from './scaling.js';

/** Options of `nearestNeighbors` (and `knn`). */
export interface NeighborsOptions extends BackendOption {
  /** Rank by Σ (x − y)² computed directly instead of the expansion (see `pairwiseDistances`). Default false. */
  exact?: boolean;
}

/**
 * For each query row, its k nearest reference rows: two m × k matrices of the same shape, as
 * scikit-learn's `kneighbors` returns two arrays.
 */
export interface NeighborsResult {
  /** m × k: row i lists the indices of query i's nearest reference rows, nearest first (integers). */
  indices: Matrix;
  /** m × k Euclidean distances, entry (i, r) that of `indices` (i, r). */
  distances: Matrix;
}

/** Queries per block and reference rows per tile: a 256 × 2048 tile of D is 4 MB. */
const QUERY_BLOCK = 256;
const REFERENCE_TILE = 2048;

/**
 * The k rows of `points` (n × d) nearest to each row of `queries` (m × d), nearest first.
 * Ties in distance go to the smaller point index (a stable rule, independent of backend and
 * blocking). Distances come from the expansion ‖x‖² + ‖y‖² − 2 x·y unless `{ exact: true }`;
 * with the expansion, true ties between different points can be split by rounding (exact for
 * small integers, such as pixel values). Streams: O(256·2048 + m·k) memory. Non-finite input
 * throws `NonFiniteError`; k must be an integer in 1..n (`OptionError`).
 * @throws ShapeError when queries and points differ in columns; NonFiniteError at a NaN/±Inf;
 *   OptionError for a k outside 1..points rows or a bad option.
 * @example nearestNeighbors([[0, 0]], [[3, 4], [1, 0], [0, 1]], 2).indices.toArray() // [[1, 2]]
 */
export function nearestNeighbors(queries: MatrixLike, points: MatrixLike, k: number, options: NeighborsOptions = {}): NeighborsResult {
  const pinned = callPinned(nearestNeighbors, [queries, points, k, options], 'nearestNeighbors');
  if (pinned) return pinned.result as NeighborsResult;
  options = optionsObject(options, 'nearestNeighbors', ['exact']);
  const q = asMatrix(queries, 'nearestNeighbors: queries');
  const p = asMatrix(points, 'nearestNeighbors: points');
  checkNeighborInputs(q, p, k, 'nearestNeighbors', 'queries', 'points');
  const exact = booleanOption(options.exact, 'nearestNeighbors: exact');
  const { indices, sqDistances, scale } = kNearest(q, p, k, exact);
  const distances = new Matrix(q.rows, k, sqDistances);
  for (let i = 0; i < sqDistances.length; i++) sqDistances[i] = Math.sqrt(sqDistances[i]) / scale;
  return { indices: new Matrix(q.rows, k, Float64Array.from(indices)), distances };
}

/** Shape, finiteness and k checks shared by nearestNeighbors and knn. */
export function checkNeighborInputs(q: Matrix, p: Matrix, k: unknown, fn: string, qName: string, pName: string): void {
  if (q.cols !== p.cols) {
    throw new ShapeError(
      `${fn}: ${qName} is ${q.rows}×${q.cols} and ${pName} is ${p.rows}×${p.cols}; both need the same number of columns (features)`,
      [q.shape, p.shape],
    );
  }
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > p.rows) {
    throw new OptionError(`${fn}: k`, `an integer from 1 to the number of ${pName} rows (${p.rows})`, k);
  }
  assertFinite(q, `${fn}: ${qName}`);
  assertFinite(p, `${fn}: ${pName}`);
}

/**
 * The streaming core (validated inputs): per query, the k smallest squared distances (of the
 * data times `scale`, see below) and their reference indices, ascending, ties by index. Tiles are visited in increasing reference index
 * and a candidate only displaces entries strictly farther away, so equal distances keep the
 * earlier index.
 */
export function kNearest(q: Matrix, p: Matrix, k: number, exact: boolean): { indices: Int32Array; sqDistances: Float64Array; scale: number } {
  // As in pairwiseDistances: entries past 2^480 square to ∞ and the expansion gives ∞ − ∞ = NaN
  // (tiny ones underflow to 0), so extreme data is scaled by an exact power of two — the ordering
  // does not change — and the distances of the scaled data are returned with that `scale`: the
  // caller divides the distance (not its square, which may not be representable) by it.
  const scale = Math.min(extremeScaleFor(q.data), extremeScaleFor(p.data));
  if (scale !== 1 && Number.isFinite(scale)) {
    const scaled = (x: Matrix) => new Matrix(x.rows, x.cols, x.data.map((v) => v * scale));
    return { ...kNearestScaled(scaled(q), scaled(p), k, exact), scale };
  }
  return { ...kNearestScaled(q, p, k, exact), scale: 1 };
}

function kNearestScaled(q: Matrix, p: Matrix, k: number, exact: boolean): { indices: Int32Array; sqDistances: Float64Array } {
  const m = q.rows;
  const n = p.rows;
  const best = allocFloat64(m, k, 'the m × k nearest distances').fill(Infinity);
  const indices = new Int32Array(m * k);
  const filled = new Int32Array(m);
  const pp = exact ? undefined : rowSqNorms(p);
  const tile = new Float64Array(Math.min(QUERY_BLOCK, m) * Math.min(REFERENCE_TILE, n));
  for (let i0 = 0; i0 < m; i0 += QUERY_BLOCK) {
    const i1 = Math.min(m, i0 + QUERY_BLOCK);
    const qb = subRows(q, i0, i1);
    const qq = exact ? undefined : rowSqNorms(qb);
    for (let j0 = 0; j0 < n; j0 += REFERENCE_TILE) {
      const j1 = Math.min(n, j0 + REFERENCE_TILE);
      const w = j1 - j0;
      const block = tile.subarray(0, (i1 - i0) * w);
      if (exact) exactSqDistBlock(q, i0, i1, p, j0, j1, block);
      else sqDistBlock(qb, 0, i1 - i0, qq!, p, j0, j1, pp!, block);
      for (let i = i0; i < i1; i++) {
        const row = (i - i0) * w;
        const off = i * k;
        for (let j = 0; j < w; j++) {
          const v = block[row + j];
          const c = filled[i];
          if (c === k && !(v < best[off + k - 1])) continue;
          // Insert after every entry ≤ v: equal distances keep the earlier (smaller) index.
          let pos = c === k ? k - 1 : c;
          while (pos > 0 && best[off + pos - 1] > v) {
            best[off + pos] = best[off + pos - 1];
            indices[off + pos] = indices[off + pos - 1];
            pos--;
          }
          best[off + pos] = v;
          indices[off + pos] = j0 + j;
          if (c < k) filled[i] = c + 1;
        }
      }
    }
  }
  return { indices, sqDistances: best };
}

function subRows(x: Matrix, i0: number, i1: number): Matrix {
  return new Matrix(i1 - i0, x.cols, x.data.subarray(i0 * x.cols, i1 * x.cols));
}
