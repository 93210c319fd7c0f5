/**
 * Course 3, "Distances and angles between images": distance and angle (with the clamped
 * cosine), a pairwise distance matrix, the nearest neighbour of an image and k-NN
 * classification of the UCI handwritten digits (1797 images of 8×8; the course used MNIST).
 *
 * Run: npm run build:ts && node dist/examples/distances-knn.js
 */
import { Matrix, angle, distance, knn, nearestNeighbors, pairwiseDistances } from '../src/entry/node.js';
import { loadDigits } from './digits-data.js';
import { isMain } from './run-main.js';

export interface DistancesKnnResult {
  courseDistance: number;
  courseAngle: number;
  parallelAngle: number;
  nearestOfFirst: { index: number; distance: number; label: number };
  /** Correct test predictions for k = 1, 3, 5 (train: first 1500 images, test: the other 297). */
  correct: Record<number, number>;
  testSize: number;
}

function rows(m: Matrix, from: number, to: number): Matrix {
  return new Matrix(to - from, m.cols, m.data.subarray(from * m.cols, to * m.cols));
}

export function main(): DistancesKnnResult {
  const courseDistance = distance([1, 0], [0, 1]);
  const courseAngle = angle([1, 0], [0, 1]);
  console.log(`distance([1,0],[0,1]) = ${courseDistance}   (course: √2 = ${Math.SQRT2})`);
  console.log(`angle([1,0],[0,1])    = ${courseAngle}   (course: π/2 = ${Math.PI / 2})`);
  const parallelAngle = angle([0.1, 0.7], [0.3, 2.1]);
  console.log(`angle([0.1,0.7],[0.3,2.1]) = ${parallelAngle}   (cosine rounds to 1.0000000000000002; clamped, not NaN)`);

  const { images, labels } = loadDigits();
  const first = images.data.subarray(0, 64);
  const second = images.data.subarray(64, 128);
  console.log(`\ndigits: image 0 (a ${labels[0]}) vs image 1 (a ${labels[1]}): distance ${distance(first, second).toFixed(6)}, angle ${angle(first, second).toFixed(6)} rad`);

  const D = pairwiseDistances(rows(images, 0, 5));
  console.log('distances among the first five images:');
  for (const row of D.toArray()) console.log(`  [${row.map((v) => v.toFixed(2).padStart(6)).join(' ')}]`);

  // Nearest neighbour of image 0 among all the others: ask for 2 (the first is itself).
  const nn = nearestNeighbors(rows(images, 0, 1), images, 2);
  const index = nn.indices.get(0, 1);
  const nearestOfFirst = { index, distance: nn.distances.get(0, 1), label: labels[index] };
  console.log(`nearest neighbour of image 0: image ${index} (a ${labels[index]}) at distance ${nearestOfFirst.distance.toFixed(6)}   (numpy: 877 at 10.954451)`);

  const split = 1500;
  const trainX = rows(images, 0, split);
  const trainY = labels.subarray(0, split);
  const testX = rows(images, split, images.rows);
  const testY = labels.subarray(split);
  const correct: Record<number, number> = {};
  for (const k of [1, 3, 5]) {
    const predicted = knn(trainX, trainY, testX, k);
    correct[k] = predicted.reduce((s, v, i) => s + (v === testY[i] ? 1 : 0), 0);
    console.log(`k-NN, k = ${k}: ${correct[k]} / ${testY.length} test images right (${((100 * correct[k]) / testY.length).toFixed(2)} %)`);
  }
  // The counts match scikit-learn's KNeighborsClassifier (algorithm='brute'). At k = 3 one test
  // image has equidistant neighbours at the boundary: the course's rule (smaller training index
  // first) and scikit-learn's sort pick different ones and predict different (both wrong) labels.
  console.log('(scikit-learn KNeighborsClassifier: 281, 285, 284)');
  return { courseDistance, courseAngle, parallelAngle, nearestOfFirst, correct, testSize: testY.length };
}

if (isMain(import.meta.url)) main();
