/**
 * k-nearest-neighbour classification with the course's tie rules, streaming over blocks (no
 * distance matrix is ever held).
 */
import { callPinned } from '../backend/registry.js';
import { NonFiniteError, OptionError, ShapeError } from '../errors.js';
import type { MatrixLike, VectorLike } from '../matrix.js';
import { asMatrix, asVector, optionsObject } from '../validate.js';
import { booleanOption } from './pairwise.js';
import { checkNeighborInputs, kNearest, type NeighborsOptions } from './neighbors.js';

/**
 * Predicts a label for each row of `testX` (m × d) by majority vote among its k nearest rows of
 * `trainX` (n × d, labels `trainY`, length n). Labels are finite numbers (the result is then a
 * Float64Array) or strings (the result is a string[]), as scikit-learn's KNeighborsClassifier
 * returns labels of the type it was given. Rules, as the course states them: the k neighbours
 * are the k smallest distances with ties in distance broken by the smaller training index; a
 * tie in the vote goes to the smallest label (numbers by value, strings in sorted order, as
 * scikit-learn's sorted classes; it may order equidistant neighbours differently). Distances use
 * the expansion (see `pairwiseDistances`) unless `{ exact: true }`. Non-finite input →
 * `NonFiniteError`; k outside 1..n → `OptionError`; labels mixing numbers and strings →
 * `OptionError`.
 * @throws ShapeError when trainY does not have one label per row of trainX or testX's columns
 *   differ; NonFiniteError at a NaN/±Inf; OptionError for a k outside 1..trainX rows or a bad
 *   option.
 * @example knn([[0], [1], [10]], [0, 0, 1], [[0.4], [9]], 1) // Float64Array [0, 1]
 * @example knn([[0], [1], [10]], ['cat', 'cat', 'dog'], [[9]], 1) // ['dog']
 */
export function knn(trainX: MatrixLike, trainY: readonly string[], testX: MatrixLike, k: number, options?: NeighborsOptions): string[];
export function knn(trainX: MatrixLike, trainY: VectorLike, testX: MatrixLike, k: number, options?: NeighborsOptions): Float64Array;
export function knn(trainX: MatrixLike, trainY: VectorLike | readonly string[], testX: MatrixLike, k: number, options: NeighborsOptions = {}): Float64Array | string[] {
  const pinned = callPinned(knn, [trainX, trainY, testX, k, options], 'knn');
  if (pinned) return pinned.result as Float64Array | string[];
  options = optionsObject(options, 'knn', ['exact']);
  const train = asMatrix(trainX, 'knn: trainX');
  const test = asMatrix(testX, 'knn: testX');
  const classes = stringClasses(trainY);
  const labels = classes ? classes.codes : asVector(trainY as VectorLike, 'knn: trainY');
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
  const votes = vote(labels, indices, test.rows, k);
  return classes ? Array.from(votes, (code) => classes.names[code]) : votes;
}

/**
 * String labels as codes into their sorted distinct values (so the smallest code is the first
 * label in sorted order, which wins a tied vote); undefined for numeric labels.
 * @throws OptionError when the labels mix strings with other values.
 */
function stringClasses(trainY: unknown): { names: string[]; codes: Float64Array } | undefined {
  if (!Array.isArray(trainY) || trainY.length === 0 || typeof trainY[0] !== 'string') return undefined;
  const bad = trainY.findIndex((y) => typeof y !== 'string');
  if (bad >= 0) throw new OptionError(`knn: trainY[${bad}]`, 'a string like the other labels (labels are all numbers or all strings)', trainY[bad]);
  const names = [...new Set(trainY as string[])].sort();
  const code = new Map(names.map((name, i) => [name, i]));
  return { names, codes: Float64Array.from(trainY as string[], (y) => code.get(y)!) };
}

/** Each query's majority label among its k neighbours (`indices`, m × k); ties → smallest label. */
function vote(labels: Float64Array, indices: Int32Array, m: number, k: number): Float64Array {
  const out = new Float64Array(m);
  const counts = new Map<number, number>();
  for (let i = 0; i < m; i++) {
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
