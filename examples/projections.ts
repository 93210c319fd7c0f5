/**
 * Course 3, "Orthogonal projections": projection onto a line and onto the column space of a
 * basis, the invariants P = P², P = Pᵀ and residual ⊥ subspace, a rank-deficient basis, and
 * least squares as a projection — then a digit image projected onto the span of the ten class
 * means ("mean faces" in the course's eigenface exercise, here mean digits).
 *
 * Run: npm run build:ts && node dist/examples/projections.js
 */
import { Matrix, leastSquares, matmul, mse, project, projectionMatrix, transpose } from '../src/entry/node.js';
import { loadDigits } from './digits-data.js';
import { isMain } from './run-main.js';

export interface ProjectionsResult {
  lineP: number[][];
  lineProjection: number[];
  planeP: number[][];
  planeProjection: number[];
  planeCoefficients: number[];
  /** max |P² − P| and max |P − Pᵀ| for the plane's P. */
  idempotenceError: number;
  symmetryError: number;
  leastSquares: number[];
  /** Mean squared error of the 297 last digits projected onto the span of the 10 class means. */
  digitsMse: number;
}

const fmt = (v: ArrayLike<number>, digits = 6) => `[${Array.from(v, (x) => (Math.abs(x) < 5e-16 ? 0 : x).toFixed(digits)).join(', ')}]`;

export function main(): ProjectionsResult {
  const P1 = projectionMatrix([1, 2, 2]);
  const line = project([1, 1, 1], [1, 2, 2]);
  console.log(`P onto [1,2,2] × 9 = ${JSON.stringify(P1.toArray().map((r) => r.map((v) => Math.round(v * 9 * 1e12) / 1e12)))}   (course: [[1,2,2],[2,4,4],[2,4,4]])`);
  console.log(`project (1,1,1): ${fmt(line.projection)} = [5,10,10]/9   coefficient ${fmt(line.coefficients)}`);

  const B = [[1, 0], [1, 1], [1, 2]];
  const P = projectionMatrix(B);
  const plane = project([6, 0, 0], B);
  console.log(`\nP onto the columns of [[1,0],[1,1],[1,2]] × 6 = ${JSON.stringify(P.toArray().map((r) => r.map((v) => Math.round(v * 6 * 1e12) / 1e12)))}   (course: [[5,2,-1],[2,2,2],[-1,2,5]])`);
  console.log(`project (6,0,0): ${fmt(plane.projection)}   (course: [5, 2, -1]), coefficients ${fmt(plane.coefficients)}`);
  const P2 = matmul(P, P);
  const Pt = transpose(P);
  const idempotenceError = Math.max(...P.data.map((v, i) => Math.abs(P2.data[i] - v)));
  const symmetryError = Math.max(...P.data.map((v, i) => Math.abs(Pt.data[i] - v)));
  const residual = [6 - plane.projection[0], -plane.projection[1], -plane.projection[2]];
  console.log(`‖P² − P‖max = ${idempotenceError.toExponential(2)}, ‖P − Pᵀ‖max = ${symmetryError.toExponential(2)}, Bᵀ(x − Px) = ${fmt(matmul(transpose(B), residual), 3)}`);

  const dependent = [[1, 2, 0], [1, 2, 0], [0, 0, 1]];
  console.log(`rank-deficient basis [[1,2,0],[1,2,0],[0,0,1]]: P = ${JSON.stringify(projectionMatrix(dependent).toArray().map((r) => r.map((v) => Math.round(v * 1e12) / 1e12)))}`);

  const beta = Array.from(leastSquares(B, [6, 0, 0]));
  console.log(`least squares fit of (6,0,0) on B (Householder QR): ${fmt(beta)} — the projection's coefficients`);

  // Each digit of the held-out set projected onto the span of the ten class means of the rest.
  const { images, labels } = loadDigits();
  const split = 1500;
  const d = images.cols;
  const means = new Matrix(d, 10); // basis vectors as columns
  const counts = new Float64Array(10);
  for (let i = 0; i < split; i++) {
    counts[labels[i]]++;
    for (let j = 0; j < d; j++) means.data[j * 10 + labels[i]] += images.data[i * d + j];
  }
  for (let j = 0; j < d; j++) for (let c = 0; c < 10; c++) means.data[j * 10 + c] /= counts[c];
  const test = new Matrix(images.rows - split, d, images.data.subarray(split * d));
  const { projection } = project(test, means);
  const digitsMse = mse(test, projection);
  console.log(`\ndigits ${split}..${images.rows - 1} projected onto the span of the 10 class-mean images: MSE ${digitsMse.toFixed(4)} (per image, summed over 64 pixels)`);
  return {
    lineP: P1.toArray(),
    lineProjection: Array.from(line.projection),
    planeP: P.toArray(),
    planeProjection: Array.from(plane.projection),
    planeCoefficients: Array.from(plane.coefficients),
    idempotenceError,
    symmetryError,
    leastSquares: beta,
    digitsMse,
  };
}

if (isMain(import.meta.url)) main();
