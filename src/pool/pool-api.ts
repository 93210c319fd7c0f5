/**
 * The typed surface of a `Pool` (createPool): the facade's heavy functions under the same names
 * and arguments, each returning a Promise and taking `{ signal }` beside its options.
 */
import type { Dispatch } from '../backend/dispatch.js';
import type { BackendChoice } from '../backend/registry.js';
import type { Mlp, MlpTrainOptions, MlpTrainResult } from '../calculus/mlp.js';
import type { EigOptions, EigResult } from '../linalg/eig.js';
import type { EighOptions, EighResult } from '../linalg/eigh.js';
import type { LuResult, SlogdetResult, SolveOptions } from '../linalg/lu.js';
import type { PageRankOptions, PageRankResult } from '../linalg/pagerank.js';
import type { SparseLinkMatrix } from '../linalg/link-matrix.js';
import type { QrOptions, QrResult } from '../linalg/qr.js';
import type { RankOptions } from '../linalg/row-echelon.js';
import type { PinvOptions, SvdOptions, SvdResult } from '../linalg/svd.js';
import type { Matrix, MatrixLike, VectorLike } from '../matrix.js';
import type { PcaAccumulator } from '../pca/accumulator.js';
import type { PcaModel } from '../pca/model.js';
import type { PcaOptions } from '../pca/pca.js';
import type { PcaFitOptions } from '../pca/spectrum.js';
import type { CovOptions } from '../stats/mean-cov.js';
import type { NeighborsOptions, NeighborsResult } from '../stats/neighbors.js';
import type { PairwiseDistancesOptions } from '../stats/pairwise.js';

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** Worker threads (default: the cores available, `os.availableParallelism()`). */
  threads?: number;
  /**
   * The backend the workers use (default: the caller's current choice — 'auto' unless
   * `setBackend` pinned one).
   */
  backend?: BackendChoice;
  /**
   * Calls that may wait for a free worker (default 10 000; Infinity for no bound). One more is
   * refused at once with `PoolError` code 'queue-full'.
   */
  maxQueue?: number;
  /**
   * Run the workers below normal scheduling priority (default true), so a busy pool does not
   * delay the event loop of the thread that serves requests.
   */
  lowPriority?: boolean;
}

/** What every pool method takes beside the function's own options. */
export interface CallOptions {
  /** Cancels the call: a queued call is dropped, a running one stopped (see createPool). */
  signal?: AbortSignal;
  /**
   * Told which kernels the call ran in its worker, and on which backend (each pair once, in
   * order), just before the promise settles, also when it rejects. The caller's own
   * `lastDispatch()` does not see work done in the pool's threads.
   * @example await pool.eigh(A, { onDispatch: (d) => console.log(d) }) // [{ kernel: 'symEig', backend: 'native' }]
   */
  onDispatch?: (dispatches: readonly Dispatch[]) => void;
}

/** Shorthand for `Promise<T>` in the method list below (`P<Matrix>` is `Promise<Matrix>`). */
type P<T> = Promise<T>;

/**
 * A pool of worker threads ({@link createPool}): each method is the facade function of the
 * same name, with the same arguments, shapes and errors, run on a worker and returned as a
 * Promise that rejects with the same `MmlError` the function would throw. Every method also
 * takes {@link CallOptions} (`signal`, `onDispatch`) beside the function's own options.
 * Calls beyond `maxQueue` waiting, or after `close()`, reject with `PoolError`.
 * @example
 * const pool = createPool({ threads: 2 });
 * const x = await pool.solve([[2, 1], [1, 3]], [3, 5]); // Float64Array [0.8, 1.4]
 * await pool.close();
 */
export interface Pool {
  /** {@link matmul} of two matrices: m×k · k×n → m×n. */
  matmul(a: MatrixLike, b: MatrixLike, options?: CallOptions): P<Matrix>;
  /** {@link matmul} of a matrix and a vector: m×n · n → m. */
  matmul(a: MatrixLike, b: VectorLike, options?: CallOptions): P<Float64Array>;
  /** {@link matmul} of a vector and a matrix: m · m×n → n. */
  matmul(a: VectorLike, b: MatrixLike, options?: CallOptions): P<Float64Array>;
  /** {@link solve} A·x = b for one right-hand side (A: n×n, b: n). */
  solve(a: MatrixLike, b: VectorLike, options?: SolveOptions & CallOptions): P<Float64Array>;
  /** {@link solve} A·X = B for n×k right-hand sides. */
  solve(a: MatrixLike, b: MatrixLike, options?: SolveOptions & CallOptions): P<Matrix>;
  /** {@link inv}: the inverse of an n×n matrix. */
  inv(a: MatrixLike, options?: SolveOptions & CallOptions): P<Matrix>;
  /** {@link det}: the determinant of an n×n matrix. */
  det(a: MatrixLike, options?: CallOptions): P<number>;
  /** {@link slogdet}: sign and log |det A|. */
  slogdet(a: MatrixLike, options?: CallOptions): P<SlogdetResult>;
  /** {@link lu}: A = p·l·u. */
  lu(a: MatrixLike, options?: CallOptions): P<LuResult>;
  /** {@link cholesky}: lower-triangular L with A = L·Lᵀ. */
  cholesky(a: MatrixLike, options?: CallOptions): P<Matrix>;
  /** {@link qr}: A = Q·R. */
  qr(a: MatrixLike, options?: QrOptions & CallOptions): P<QrResult>;
  /** {@link svd} with `vectors: false`: the singular values only. */
  svd(a: MatrixLike, options: SvdOptions & { vectors: false } & CallOptions): P<{
    /** Singular values, descending. */
    s: Float64Array;
  }>;
  /** {@link svd}: A = U·diag(s)·Vᵀ. */
  svd(a: MatrixLike, options?: SvdOptions & { vectors?: true } & CallOptions): P<SvdResult>;
  /** {@link pinv}: the Moore–Penrose pseudo-inverse (m×n → n×m). */
  pinv(a: MatrixLike, options?: PinvOptions & CallOptions): P<Matrix>;
  /** {@link cond}: the 2-norm condition number. */
  cond(a: MatrixLike, options?: CallOptions): P<number>;
  /** {@link rank}: the numerical rank. */
  rank(a: MatrixLike, options?: RankOptions & CallOptions): P<number>;
  /** {@link eigh}: eigenpairs of a symmetric n×n matrix. */
  eigh(a: MatrixLike, options?: EighOptions & CallOptions): P<EighResult>;
  /** {@link eig}: eigenpairs of a general n×n matrix. */
  eig(a: MatrixLike, options?: EigOptions & CallOptions): P<EigResult>;
  /** {@link leastSquares} for one target: X m×n, y m → n coefficients. */
  leastSquares(x: MatrixLike, y: VectorLike, options?: CallOptions): P<Float64Array>;
  /** {@link leastSquares} for k targets: X m×n, Y m×k → n×k. */
  leastSquares(x: MatrixLike, y: MatrixLike, options?: CallOptions): P<Matrix>;
  /** {@link cov}: the d×d covariance of n×d data. */
  cov(x: MatrixLike, options?: CovOptions & CallOptions): P<Matrix>;
  /** {@link pageRank} of a link matrix (dense or sparse). */
  pageRank(l: MatrixLike | SparseLinkMatrix, options?: PageRankOptions & CallOptions): P<PageRankResult>;
  /** {@link pca}: a fitted {@link PcaModel} of n×d data. */
  pca(x: MatrixLike, options?: PcaOptions & CallOptions): P<PcaModel>;
  /** {@link pairwiseDistances}: m×d against n×d (or itself) → m×n. */
  pairwiseDistances(x: MatrixLike, y?: MatrixLike, options?: PairwiseDistancesOptions & CallOptions): P<Matrix>;
  /** {@link nearestNeighbors}: the k nearest points to each query. */
  nearestNeighbors(queries: MatrixLike, points: MatrixLike, k: number, options?: NeighborsOptions & CallOptions): P<NeighborsResult>;
  /** {@link knn} with string labels: one predicted label per row of testX. */
  knn(trainX: MatrixLike, trainY: readonly string[], testX: MatrixLike, k: number, options?: NeighborsOptions & CallOptions): P<string[]>;
  /** {@link knn} with numeric labels: one predicted label per row of testX. */
  knn(trainX: MatrixLike, trainY: VectorLike, testX: MatrixLike, k: number, options?: NeighborsOptions & CallOptions): P<Float64Array>;
  /** A new accumulator: `accumulator` (not changed) with `chunk` added (`PcaAccumulator#update`). */
  pcaAccumulatorUpdate(accumulator: PcaAccumulator, chunk: MatrixLike, options?: CallOptions): P<PcaAccumulator>;
  /** A new accumulator holding both (`PcaAccumulator#merge`); neither input is changed. */
  pcaAccumulatorMerge(a: PcaAccumulator, b: PcaAccumulator, options?: CallOptions): P<PcaAccumulator>;
  /** The model of everything `accumulator` holds (`PcaAccumulator#finish`). */
  pcaAccumulatorFinish(accumulator: PcaAccumulator, options?: PcaFitOptions & CallOptions): P<PcaModel>;
  /** Trains a copy of `net` (`Mlp#train`); `net` itself is not changed. */
  trainMlp(net: Mlp, x: MatrixLike | VectorLike, y: MatrixLike | VectorLike, options?: MlpTrainOptions & CallOptions): P<{
    /** The trained copy. */
    mlp: Mlp;
    /** What `Mlp#train` returned. */
    result: MlpTrainResult;
  }>;
  /** Calls accepted and not yet settled (waiting + running). */
  readonly pending: number;
  /** Refuses new calls, waits for the accepted ones, then ends the worker threads. */
  close(): Promise<void>;
  /**
   * Ends the worker threads now: calls still waiting or running reject with PoolError code
   * 'closed' (for a server shutting down that cannot wait). New calls are refused.
   */
  terminate(): Promise<void>;
}
