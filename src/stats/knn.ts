/**
 * k-nearest-neighbour classification with the course's tie rules, streaming over blocks (no
 * distance matrix is ever held).
 */
import { callPinned } from '../backend/registry.js';
import { NonFiniteError, ShapeError } from '../errors.js';
import type { MatrixLike, VectorLike } from '../matrix.js';
import { asMatrix, asVector, optionsObject } from '../validate.js';
import { booleanOption } from './pairwise.js';
import { checkNeighborInputs, kNearest, type NeighborsOptions } from './neighbors.js';

/**
 * Predicts a label for each row of `testX` (m × d) by majority vote among its k nearest rows of
 * `trainX` (n × d, labels `trainY`, length n). Rules, as the course states them: the k
 * neighbours are the k smallest distances with ties in distance broken by the smaller training
 * index; a tie in the vote goes to the smallest label. (scikit-learn's KNeighborsClassifier
 * breaks vote ties the same way but may order equidistant neighbours differently.) Labels are
 * any finite numbers. Distances use the expansion (see `pairwiseDistances`) unless
 * `{ exact: true }`. Non-finite input → `NonFiniteError`; k outside 1..n → `OptionError`.
 * @example knn([[0], [1], [10]], [0, 0, 1], [[0.4], [9]], 1) // Float64Array [0, 1]
 */
export function knn(trainX: MatrixLike, trainY: VectorLike, testX: MatrixLike, k: number, options: NeighborsOptions = {}): Float64Array {
  const pinned = callPinned(knn, [trainX, trainY, testX, k, options], 'knn');
  if (pinned) return pinned.result as Float64Array;
  options = optionsObject(options, 'knn', ['exact']);
  const train = asMatrix(trainX, 'knn: trainX');
  const test = asMatrix(testX, 'knn: testX');
  const labels = asVector(trainY, 'knn: trainY');
  if (labels.length !== train.rows) {
    throw new ShapeError(
      `knn: trainY has ${labels.length} labels but trainX has ${train.rows} rows; one label per training row`,
      [[labels.length], train.shape],
    );
  }
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isFinite(labels[i])) throw new NonFiniteError(`knn: trainY must be finite labels; entry ${i} is ${labels[i]}`, [i], labels[i]);
  }
  checkNeighborInputs(test, train, k, 'knn', 'testX', 'trainX');
  const exact = booleanOption(options.exact, 'knn: exact');
  const { indices } = kNearest(test, train, k, exact);
  const out = new Float64Array(test.rows);
  const counts = new Map<number, number>();
  for (let i = 0; i < test.rows; i++) {
    counts.clear();
    for (let r = 0; r < k; r++) {
      const label = labels[indices[i * k + r]];
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    let bestLabel = NaN;
    let bestCount = 0;
    for (const [label, count] of counts) {
      if (count > bestCount || (count === bestCount && label < bestLabel)) {
        bestLabel = label;
        bestCount = count;
      }
    }
    out[i] = bestLabel;
  }
  return out;
}
