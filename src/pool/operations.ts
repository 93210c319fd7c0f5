/**
 * The operations a `Pool` runs off the JS thread: the facade's heavy functions under their own
 * names, plus the stateful objects' heavy methods as functions that return a new object (the
 * caller's object is never changed from another thread). The worker looks the name up here and
 * calls it with the decoded arguments; the facade validates them there, exactly as in a
 * synchronous call.
 */
import { Mlp, type MlpTrainOptions } from '../calculus/mlp.js';
import { cholesky } from '../linalg/cholesky.js';
import { eig } from '../linalg/eig.js';
import { eigh } from '../linalg/eigh.js';
import { det, inv, lu, slogdet, solve } from '../linalg/lu.js';
import { matmul } from '../linalg/matmul.js';
import { pageRank } from '../linalg/pagerank.js';
import { qr } from '../linalg/qr.js';
import { rank } from '../linalg/row-echelon.js';
import { cond, pinv, svd } from '../linalg/svd.js';
import { OptionError } from '../errors.js';
import type { MatrixLike, VectorLike } from '../matrix.js';
import { PcaAccumulator } from '../pca/accumulator.js';
import { pca } from '../pca/pca.js';
import type { PcaFitOptions } from '../pca/spectrum.js';
import { knn } from '../stats/knn.js';
import { leastSquares } from '../stats/least-squares.js';
import { cov } from '../stats/mean-cov.js';
import { nearestNeighbors } from '../stats/neighbors.js';
import { pairwiseDistances } from '../stats/pairwise.js';

/** `PcaAccumulator#update` without touching the caller's accumulator: a new one with the chunk added. */
function pcaAccumulatorUpdate(accumulator: PcaAccumulator, chunk: MatrixLike): PcaAccumulator {
  return checkAccumulator(accumulator, 'pcaAccumulatorUpdate', 'accumulator').update(chunk);
}

/** `PcaAccumulator#merge` into a new accumulator. */
function pcaAccumulatorMerge(a: PcaAccumulator, b: PcaAccumulator): PcaAccumulator {
  return checkAccumulator(a, 'pcaAccumulatorMerge', 'a').merge(checkAccumulator(b, 'pcaAccumulatorMerge', 'b'));
}

function pcaAccumulatorFinish(accumulator: PcaAccumulator, options?: PcaFitOptions) {
  return checkAccumulator(accumulator, 'pcaAccumulatorFinish', 'accumulator').finish(options);
}

/** `Mlp#train` on a copy: the trained network and the training record. */
function trainMlp(net: Mlp, x: MatrixLike | VectorLike, y: MatrixLike | VectorLike, options?: MlpTrainOptions) {
  if (!(net instanceof Mlp)) throw new OptionError('trainMlp: net', 'an Mlp', net);
  const result = net.train(x, y, options);
  return { mlp: net, result };
}

function checkAccumulator(a: unknown, fn: string, argument: string): PcaAccumulator {
  if (!(a instanceof PcaAccumulator)) throw new OptionError(`${fn}: ${argument}`, 'a PcaAccumulator', a);
  return a;
}

export const OPERATIONS = {
  matmul,
  solve,
  inv,
  det,
  slogdet,
  lu,
  cholesky,
  qr,
  svd,
  pinv,
  cond,
  rank,
  eigh,
  eig,
  leastSquares,
  cov,
  pageRank,
  pca,
  pairwiseDistances,
  nearestNeighbors,
  knn,
  pcaAccumulatorUpdate,
  pcaAccumulatorMerge,
  pcaAccumulatorFinish,
  trainMlp,
} as const;

export type OperationName = keyof typeof OPERATIONS;

/**
 * Where each operation's trailing options object sits: its `signal` is the pool's, taken out
 * before the call crosses. Operations whose function takes no options still take `{ signal }`
 * there in the pool (they are listed in CALL_OPTIONS_ONLY and the object is dropped).
 */
export const OPTIONS_AT: Record<OperationName, number> = {
  matmul: 2,
  det: 1,
  slogdet: 1,
  lu: 1,
  cholesky: 1,
  cond: 1,
  leastSquares: 2,
  pcaAccumulatorUpdate: 2,
  pcaAccumulatorMerge: 2,
  solve: 2,
  inv: 1,
  qr: 1,
  svd: 1,
  pinv: 1,
  rank: 1,
  eigh: 1,
  eig: 1,
  cov: 1,
  pageRank: 1,
  pca: 1,
  pairwiseDistances: 2,
  nearestNeighbors: 3,
  knn: 4,
  pcaAccumulatorFinish: 1,
  trainMlp: 3,
};

/** Operations whose function has no options object: the pool's `{ signal }` is all there is. */
export const CALL_OPTIONS_ONLY: ReadonlySet<OperationName> = new Set(['matmul', 'det', 'slogdet', 'lu', 'cholesky', 'cond', 'leastSquares', 'pcaAccumulatorUpdate', 'pcaAccumulatorMerge']);
