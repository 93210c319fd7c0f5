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

type P<T> = Promise<T>;

export interface Pool {
  matmul(a: MatrixLike, b: MatrixLike, options?: CallOptions): P<Matrix>;
  matmul(a: MatrixLike, b: VectorLike, options?: CallOptions): P<Float64Array>;
  matmul(a: VectorLike, b: MatrixLike, options?: CallOptions): P<Float64Array>;
  solve(a: MatrixLike, b: VectorLike, options?: SolveOptions & CallOptions): P<Float64Array>;
  solve(a: MatrixLike, b: MatrixLike, options?: SolveOptions & CallOptions): P<Matrix>;
  inv(a: MatrixLike, options?: SolveOptions & CallOptions): P<Matrix>;
  det(a: MatrixLike, options?: CallOptions): P<number>;
  slogdet(a: MatrixLike, options?: CallOptions): P<SlogdetResult>;
  lu(a: MatrixLike, options?: CallOptions): P<LuResult>;
  cholesky(a: MatrixLike, options?: CallOptions): P<Matrix>;
  qr(a: MatrixLike, options?: QrOptions & CallOptions): P<QrResult>;
  svd(a: MatrixLike, options: SvdOptions & { vectors: false } & CallOptions): P<{ s: Float64Array }>;
  svd(a: MatrixLike, options?: SvdOptions & { vectors?: true } & CallOptions): P<SvdResult>;
  pinv(a: MatrixLike, options?: PinvOptions & CallOptions): P<Matrix>;
  cond(a: MatrixLike, options?: CallOptions): P<number>;
  rank(a: MatrixLike, options?: RankOptions & CallOptions): P<number>;
  eigh(a: MatrixLike, options?: EighOptions & CallOptions): P<EighResult>;
  eig(a: MatrixLike, options?: EigOptions & CallOptions): P<EigResult>;
  leastSquares(x: MatrixLike, y: VectorLike, options?: CallOptions): P<Float64Array>;
  leastSquares(x: MatrixLike, y: MatrixLike, options?: CallOptions): P<Matrix>;
  cov(x: MatrixLike, options?: CovOptions & CallOptions): P<Matrix>;
  pageRank(l: MatrixLike | SparseLinkMatrix, options?: PageRankOptions & CallOptions): P<PageRankResult>;
  pca(x: MatrixLike, options?: PcaOptions & CallOptions): P<PcaModel>;
  pairwiseDistances(x: MatrixLike, y?: MatrixLike, options?: PairwiseDistancesOptions & CallOptions): P<Matrix>;
  nearestNeighbors(queries: MatrixLike, points: MatrixLike, k: number, options?: NeighborsOptions & CallOptions): P<NeighborsResult>;
  knn(trainX: MatrixLike, trainY: readonly string[], testX: MatrixLike, k: number, options?: NeighborsOptions & CallOptions): P<string[]>;
  knn(trainX: MatrixLike, trainY: VectorLike, testX: MatrixLike, k: number, options?: NeighborsOptions & CallOptions): P<Float64Array>;
  /** A new accumulator: `accumulator` (not changed) with `chunk` added (`PcaAccumulator#update`). */
  pcaAccumulatorUpdate(accumulator: PcaAccumulator, chunk: MatrixLike, options?: CallOptions): P<PcaAccumulator>;
  /** A new accumulator holding both (`PcaAccumulator#merge`); neither input is changed. */
  pcaAccumulatorMerge(a: PcaAccumulator, b: PcaAccumulator, options?: CallOptions): P<PcaAccumulator>;
  pcaAccumulatorFinish(accumulator: PcaAccumulator, options?: PcaFitOptions & CallOptions): P<PcaModel>;
  /** Trains a copy of `net` (`Mlp#train`); `net` itself is not changed. */
  trainMlp(net: Mlp, x: MatrixLike | VectorLike, y: MatrixLike | VectorLike, options?: MlpTrainOptions & CallOptions): P<{ mlp: Mlp; result: MlpTrainResult }>;
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
