/** nearestNeighbors and knn: scikit-learn on the digits, the course's tie rules by hand, errors. */
import { describe, expect, it } from 'vitest';
import { Matrix, NonFiniteError, OptionError, ShapeError, knn, nearestNeighbors, pairwiseDistances, withBackend } from '../../src/entry/node.js';
import { Rng } from '../../src/random.js';
import { loadDigits } from '../../examples/digits-data.js';
import { BACKENDS } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

const available = BACKENDS.filter((b) => b.available).map((b) => b.name);

function rows(m: Matrix, from: number, to: number): Matrix {
  return new Matrix(to - from, m.cols, m.data.slice(from * m.cols, to * m.cols));
}

describe('k-NN on the UCI digits against scikit-learn', () => {
  const { images, labels } = loadDigits();
  const trainX = rows(images, 0, 300);
  const trainY = labels.slice(0, 300);
  const testX = rows(images, 300, 360);

  it.each(available)('KNeighborsClassifier(n_neighbors=5, algorithm="brute") predictions on %s', (name) => {
    // sklearn 1.2 on load_digits: fit on rows 0..299, predict rows 300..359. (No tie sits at the
    // 5th-neighbour boundary in this slice, so the tie rules cannot make the two differ here.)
    const sklearn = [
      7, 3, 5, 8, 0, 0, 2, 2, 7, 8, 2, 0, 1, 2, 6, 3, 3, 7, 3, 3, 4, 6, 6, 6, 4, 9, 1, 5, 0, 9,
      5, 2, 8, 2, 0, 0, 1, 7, 6, 3, 2, 1, 7, 4, 6, 3, 1, 3, 9, 1, 7, 6, 8, 4, 3, 8, 4, 0, 5, 3,
    ];
    expect(Array.from(withBackend(name, () => knn(trainX, trainY, testX, 5)))).toEqual(sklearn);
  });

  it.each(available)('NearestNeighbors(n_neighbors=3).kneighbors on %s (indices exact, distances 1e-14)', (name) => {
    const r = withBackend(name, () => nearestNeighbors(rows(testX, 0, 4), trainX, 3));
    expect(Array.from(r.indices.data)).toEqual([174, 86, 52, 269, 13, 62, 288, 261, 32, 242, 1, 277]);
    expectClose(r.distances.data, [
      18.2208671582886, 25.514701644346147, 27.03701166919155, 17.86057109949175, 23.790754506740637,
      26.70205984563738, 20.54263858417414, 23.93741840717165, 26.90724809414742, 27.129319932501073,
      28.0178514522438, 28.21347195933177,
    ], 1e-14);
  });

  it('streams over tiles: 1797 queries against 1797 points equals sorting full distance rows', () => {
    const k = 4;
    const r = nearestNeighbors(images, images, k);
    const D = pairwiseDistances(images, images, { squared: true });
    const n = images.rows;
    for (const i of [0, 255, 256, 257, 1000, 1796]) {
      const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => D.get(i, a) - D.get(i, b) || a - b);
      expect(Array.from(r.indices.data.subarray(i * k, (i + 1) * k))).toEqual(order.slice(0, k));
    }
    // Every image is its own nearest neighbour at distance 0 unless an earlier duplicate exists.
    for (let i = 0; i < n; i++) expect(r.distances.get(i, 0)).toBe(0);
  });
});

describe('the course\'s tie rules', () => {
  it('ties in distance go to the smaller training index', () => {
    // Query 0 is at distance 1 from training rows 1, 2 and 3 (and 3 from row 0).
    const train = [[3, 0], [1, 0], [0, 1], [-1, 0]];
    const r = nearestNeighbors([[0, 0]], train, 2);
    expect(Array.from(r.indices.data)).toEqual([1, 2]);
    expect(Array.from(knn(train, [9, 5, 7, 8], [[0, 0]], 1))).toEqual([5]);
    // Reversed storage order: still the smaller index wins among equals.
    const r2 = nearestNeighbors([[0, 0]], [[-1, 0], [0, 1], [1, 0], [3, 0]], 2);
    expect(Array.from(r2.indices.data)).toEqual([0, 1]);
  });

  it('ties in the vote go to the smallest label', () => {
    // Neighbours (k = 2) of the origin: labels 4 and 2 → one vote each → 2.
    expect(Array.from(knn([[1, 0], [0, 2], [5, 5]], [4, 2, 1], [[0, 0]], 2))).toEqual([2]);
    // k = 4: labels 3, 3, 1, 1 → tie between 1 and 3 → 1; k = 3 → 3 wins 2 to 1.
    const train = [[1, 0], [2, 0], [3, 0], [4, 0]];
    expect(Array.from(knn(train, [3, 3, 1, 1], [[0, 0]], 4))).toEqual([1]);
    expect(Array.from(knn(train, [3, 3, 1, 1], [[0, 0]], 3))).toEqual([3]);
    // Negative and fractional labels are just numbers.
    expect(Array.from(knn(train, [-1, 0.5, 0.5, 7], [[0, 0], [4, 0]], 3))).toEqual([0.5, 0.5]);
  });

  it('k equal to the training size and exact ranking agree with the default on integer data', () => {
    const rng = new Rng(8);
    const train = new Matrix(40, 3, Float64Array.from({ length: 120 }, () => Math.floor(rng.next() * 5)));
    const test = new Matrix(15, 3, Float64Array.from({ length: 45 }, () => Math.floor(rng.next() * 5)));
    const y = Float64Array.from({ length: 40 }, (_, i) => i % 3);
    // Small integers: the expansion is exact, so both rankings (ties included) coincide.
    expect(knn(train, y, test, 7)).toEqual(knn(train, y, test, 7, { exact: true }));
    expect(nearestNeighbors(test, train, 40).indices.data).toEqual(nearestNeighbors(test, train, 40, { exact: true }).indices.data);
  });
});

describe('errors', () => {
  it('bad k, shapes and non-finite input name what was wrong', () => {
    const train = [[0, 0], [1, 1]];
    expect(() => knn(train, [0, 1], [[0, 0]], 3)).toThrow(OptionError);
    expect(() => knn(train, [0, 1], [[0, 0]], 0)).toThrow(/option 'knn: k' must be an integer from 1 to the number of trainX rows \(2\); got 0/);
    expect(() => knn(train, [0, 1], [[0, 0]], 1.5)).toThrow(OptionError);
    expect(() => knn(train, [0], [[0, 0]], 1)).toThrow(/knn: trainY has 1 labels but trainX has 2 rows/);
    expect(() => knn(train, [0, 1], [[0, 0, 0]], 1)).toThrow(ShapeError);
    expect(() => knn(train, [0, NaN], [[0, 0]], 1)).toThrow(NonFiniteError);
    expect(() => knn([[0, NaN], [1, 1]], [0, 1], [[0, 0]], 1)).toThrow(/knn: trainX must be finite; entry \(0, 1\) is NaN/);
    expect(() => nearestNeighbors([[Infinity, 0]], train, 1)).toThrow(/nearestNeighbors: queries must be finite/);
  });
});

describe('extreme magnitudes (issue #9: NaN distances from the expansion at 1e300)', () => {
  // numpy: [np.hypot(*(q - p)) for p in P] = 1e299, 1.4866068747318507e300, 2.193171219946131e300.
  // The expansion ‖q‖² + ‖p‖² − 2q·p cancels in its leading digits for the nearest point, so 1e-13
  // relative is the tolerance there; before the fix every distance was NaN or ∞.
  const P = [[1e300, 0], [0, 1e300], [2e300, 2e300]];
  const Q = [[1.1e300, 0]];
  it.each(available)('nearestNeighbors and knn near 1e300 and 1e-300 on %s', (name) => {
    withBackend(name, () => {
      const r = nearestNeighbors(Q, P, 3);
      expect(Array.from(r.indices.data)).toEqual([0, 1, 2]);
      expectClose(Array.from(r.distances.data), [1e299, 1.4866068747318507e300, 2.193171219946131e300], 1e-13);
      expect(Array.from(knn(P, [0, 1, 2], Q, 1))).toEqual([0]);
      const tiny = nearestNeighbors([[1e-300, 0]], [[0, 0], [3e-300, 0]], 2);
      expectClose(Array.from(tiny.distances.data), [1e-300, 2e-300], 1e-13);
    });
  });
});

describe('knn with string labels (issue #13): strings in, strings out, as scikit-learn', () => {
  const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const { images, labels } = loadDigits();
  const trainX = rows(images, 0, 1500);
  const trainY = Array.from(labels.subarray(0, 1500), (l) => names[l]);
  const testX = rows(images, 1500, 1797);
  // sklearn 1.2, KNeighborsClassifier(k, algorithm='brute').fit(X[:1500], names[y[:1500]])
  // .predict(X[1500:]) on data/digits.csv, written as digit indices into `names`. With string
  // classes its vote ties go to the first name in sorted order ('eight' < 'five' < …), so k = 5
  // and 8 differ from the numeric-label predictions in a few rows: the test sees that rule.
  const sklearn: Record<number, string> = {
    5: '174631391768431405369617544728225795488490898012345671901234569012345678949556509858417735100227820126377784666991509528017632174631391768431405369617544722573584508970123456789012345678901234567890955650989841778510022782012632733466649150952820017632174631391768451405369617544728225795481490898',
    8: '174631391768431405369617544728225795488490898012345671901234569012345678949556509858417735100027820126877784666891509528017632179631391768431405369617544722573584508970123456789012345678901234567890955650989841778510022782012638733466649150952820017632174631391768451405369617544728225795481490898',
  };

  it.each([5, 8])('k = %i: every prediction as scikit-learn, returned as strings', (k) => {
    const predicted = knn(trainX, trainY, testX, k);
    expect(Array.isArray(predicted)).toBe(true);
    expect(predicted.map((p) => names.indexOf(p)).join('')).toBe(sklearn[k]);
  });

  it('a tied vote goes to the first label in sorted order; numeric labels still give a Float64Array', () => {
    expect(knn([[0], [2]], ['b', 'a'], [[1]], 2)).toEqual(['a']);
    expect(knn([[0], [2]], [7, 3], [[1]], 2)).toEqual(Float64Array.from([3]));
  });

  it('refuses labels that mix strings with numbers, naming the first odd one', () => {
    expect(() => knn([[0], [1]], ['a', 1] as unknown as string[], [[0]], 1)).toThrow(OptionError);
    expect(() => knn([[0], [1]], ['a', 1] as unknown as string[], [[0]], 1)).toThrow(/trainY\[1\]' must be a string like the other labels/);
  });

  it("readCsv's result passed whole is refused with what to pass instead", () => {
    const table = { data: new Matrix(2, 1, Float64Array.from([0, 1])), columns: ['x'], labels: ['a', 'b'] };
    expect(() => knn(table as never, ['a', 'b'], [[0]], 1)).toThrow(ShapeError);
    expect(() => knn(table as never, ['a', 'b'], [[0]], 1)).toThrow(/knn: trainX must be a Matrix or an array of rows; got an object holding one in \.data \(readCsv's result\?\): pass its \.data, and its \.labels where labels are taken/);
  });
});
