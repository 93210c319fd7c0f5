/**
 * Course 3, "Principal component analysis": standardise the UCI digits (1797 × 64), take the
 * eigenvectors of the population covariance, project onto the top k and reconstruct, for
 * k = 1..40 — and check the invariant
 *
 *   MSE(k) = mean over images of ‖z − ẑ_k‖² = Σ_{j > k} λ_j,
 *
 * where λ are the eigenvalues of the covariance with divisor n (the course's bias = True). The
 * MSE divides by n, so that is the normalisation that makes it exact; scikit-learn's
 * `explained_variance_` divides by n − 1, so its tail must be scaled by (n − 1)/n.
 *
 * Writes examples/out/pca-reconstruction.svg (error against k) and
 * examples/out/pca-reconstruction-digits.svg (ten digits and their reconstructions at k = 2, 8, 32).
 *
 * Run: npm run build:ts && node dist/examples/pca-reconstruction.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, cov, eigh, matmul, mse, pca, standardize, transpose } from '../src/entry/node.js';
import { imageGrid } from '../src/plot/image-grid.js';
import { SvgFigure } from '../src/plot/svg.js';
import { loadDigits } from './digits-data.js';
import { isMain } from './run-main.js';

export interface PcaReconstructionResult {
  n: number;
  d: number;
  /** Columns that are constant in the data set (standardised to all zeros). */
  constantColumns: number;
  ks: number[];
  /** Mean squared reconstruction error (per image, summed over the 64 pixels) for each k. */
  mse: number[];
  /** Σ_{j > k} λ_j with λ the eigenvalues of the population covariance (divisor n). */
  tail: number[];
  /** (n − 1)/n · Σ_{j > k} explainedVariance_j of the full `pca()` fit (scikit-learn's ddof 1, rescaled). */
  sklearnTail: number[];
  /** Σ_{j ≤ k} explainedVarianceRatio_j. */
  cumulativeRatio: number[];
  /** max over k of |MSE(k) − tail(k)| and of the same divided by tail(k). */
  maxDifference: number;
  maxRelativeDifference: number;
  /** max over k and entries of |Z·B_k·B_kᵀ − pca(Z, { components: k }).reconstruct(Z)|: the course's route against the library's. */
  routeDifference: number;
  files: string[];
}

/** Grid rows of the picture: the originals and these reconstructions. */
const GRID_KS = [2, 8, 32];

export function main(maxK = 40, outDir = join('examples', 'out')): PcaReconstructionResult {
  const { images, labels } = loadDigits();
  const { rows: n, cols: d } = images;
  const { data: Z, mean, std } = standardize(images);
  const constantColumns = std.filter((s) => s === 0).length;
  console.log(`UCI digits ${n}×${d}, standardised (population std; ${constantColumns} constant columns divided by 1)`);

  // The course's route: eigenvectors of the population covariance, largest eigenvalue first.
  const { values, vectors } = eigh(cov(Z, { ddof: 0 }));
  const order = Array.from({ length: d }, (_, i) => d - 1 - i);
  const lambda = order.map((i) => Math.max(0, values[i]));
  const B = vectors as Matrix;
  const full = pca(Z); // all min(n, d) components: the scikit-learn-style variances
  const tailOf = (v: ArrayLike<number>, k: number) => {
    let s = 0;
    for (let j = v.length - 1; j >= k; j--) s += v[j]; // smallest first: the small tail terms keep their digits
    return s;
  };

  const ks: number[] = [];
  const errors: number[] = [];
  const tail: number[] = [];
  const sklearnTail: number[] = [];
  const cumulativeRatio: number[] = [];
  let routeDifference = 0;
  let cumulative = 0;
  const reconstructions = new Map<number, Matrix>();
  console.log(`\n   k   MSE(k)               Σ_{j>k} λ_j          |difference|   (n−1)/n·Σ explained_variance_{j>k}   cumulative ratio`);
  for (let k = 1; k <= Math.max(maxK, ...GRID_KS); k++) {
    const model = pca(Z, { components: k });
    const R = model.reconstruct(Z);
    if (GRID_KS.includes(k)) reconstructions.set(k, R);
    if (k > maxK) continue;
    // The course's reconstruction: Z·B_k·B_kᵀ with B_k the top-k eigenvectors as columns.
    const Bk = new Matrix(d, k);
    for (let r = 0; r < d; r++) for (let c = 0; c < k; c++) Bk.data[r * k + c] = B.data[r * d + order[c]];
    const courseR = matmul(matmul(Z, Bk), transpose(Bk));
    for (let i = 0; i < R.data.length; i++) routeDifference = Math.max(routeDifference, Math.abs(R.data[i] - courseR.data[i]));

    const e = mse(Z, R);
    cumulative += full.explainedVarianceRatio[k - 1];
    ks.push(k);
    errors.push(e);
    tail.push(tailOf(lambda, k));
    sklearnTail.push(((n - 1) / n) * tailOf(full.explainedVariance, k));
    cumulativeRatio.push(cumulative);
    const t = tail[tail.length - 1];
    console.log(
      `  ${String(k).padStart(2)}   ${e.toFixed(14).padEnd(19)}  ${t.toFixed(14).padEnd(19)}  ${Math.abs(e - t).toExponential(2)}       ` +
        `${sklearnTail[sklearnTail.length - 1].toFixed(14).padEnd(34)}  ${cumulative.toFixed(6)}`,
    );
  }
  const maxDifference = Math.max(...errors.map((e, i) => Math.abs(e - tail[i])));
  const maxRelativeDifference = Math.max(...errors.map((e, i) => Math.abs(e - tail[i]) / tail[i]));
  const maxSklearnDifference = Math.max(...sklearnTail.map((s, i) => Math.abs(s - tail[i]) / tail[i]));
  console.log(`\nMSE(k) = Σ_{j>k} λ_j (population covariance, divisor n): max |difference| ${maxDifference.toExponential(2)}, relative ${maxRelativeDifference.toExponential(2)}`);
  console.log(`scikit-learn's explained_variance_ divides by n − 1: its tail × (n−1)/n matches to ${maxSklearnDifference.toExponential(2)} relative (unscaled it is ${(n / (n - 1)).toFixed(6)}× too big)`);
  console.log(`course route Z·B_k·B_kᵀ vs pca(Z, { components: k }).reconstruct(Z): max |difference| ${routeDifference.toExponential(2)} over k = 1..${maxK}`);
  console.log(`total variance Σλ = ${tailOf(lambda, 0).toFixed(10)} (= ${d - constantColumns} non-constant standardised columns)`);

  mkdirSync(outDir, { recursive: true });
  const files = [join(outDir, 'pca-reconstruction.svg'), join(outDir, 'pca-reconstruction-digits.svg')];
  writeFileSync(files[0], errorFigure(ks, errors, tail, n));
  writeFileSync(files[1], digitsFigure(images, labels, reconstructions, mean, std));
  console.log(`wrote ${files.join(', ')}`);
  return { n, d, constantColumns, ks, mse: errors, tail, sklearnTail, cumulativeRatio, maxDifference, maxRelativeDifference, routeDifference, files };
}

function errorFigure(ks: number[], errors: number[], tail: number[], n: number): string {
  const fig = new SvgFigure({
    width: 720,
    height: 480,
    padding: 60,
    title: `PCA reconstruction error of the standardised digits (n = ${n})`,
    yRange: [0, Math.ceil(Math.max(...errors, ...tail) / 10) * 10],
  });
  fig.polyline(ks, tail, { stroke: '#e15759', strokeWidth: 2, dash: '6 4', label: 'Σ eigenvalues beyond k' });
  fig.points(ks, errors, { fill: '#4e79a7', radius: 3.5, label: 'MSE of the reconstruction' });
  fig.axes({ grid: true, xLabel: 'k (components kept)', yLabel: 'mean squared error per image' });
  return fig.toString();
}

/** The first image of each digit 0..9 and its reconstructions, back in pixel units (0..16). */
function digitsFigure(images: Matrix, labels: Float64Array, recon: Map<number, Matrix>, mean: Float64Array, std: Float64Array): string {
  const d = images.cols;
  const picks = Array.from({ length: 10 }, (_, digit) => labels.indexOf(digit));
  const rows = [images, ...GRID_KS.map((k) => recon.get(k)!)];
  const grid = new Matrix(rows.length * picks.length, d);
  rows.forEach((src, r) => {
    const standardised = src !== images;
    picks.forEach((i, c) => {
      const o = (r * picks.length + c) * d;
      for (let j = 0; j < d; j++) {
        const v = src.data[i * d + j];
        // Undo the standardisation (a constant column was divided by 1).
        grid.data[o + j] = standardised ? v * (std[j] > 0 ? std[j] : 1) + mean[j] : v;
      }
    });
  });
  return imageGrid(grid, {
    columns: picks.length,
    pixelSize: 6,
    range: [0, 16],
    rowLabels: ['original', ...GRID_KS.map((k) => `k = ${k}`)],
    columnLabels: picks.map((i) => String(labels[i])),
    title: 'Digits and their PCA reconstructions',
  });
}

if (isMain(import.meta.url)) main();
