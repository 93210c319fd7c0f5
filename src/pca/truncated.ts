/**
 * Method 'truncated': the exact top k principal components, to working precision, without the
 * full eigendecomposition. It forms the smaller of the d × d scatter (d ≤ n) and the n × n Gram
 * matrix of the centred rows — the same SYRK as the full routes — and asks the symmetric
 * eigensolver for the k largest eigenpairs only (`eigh`'s `subsetByIndex`: tridiagonalisation,
 * bisection and inverse iteration for those k, LAPACK dsyevx's job), which skips the
 * eigenvectors of the other r − k. Results equal method 'covariance' / 'gram' to rounding.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { eigh } from '../linalg/eigh.js';
import { Matrix } from '../matrix.js';
import { finiteColumnMeans } from './column-means.js';
import { gramPca } from './gram.js';
import type { PcaModel } from './model.js';
import { buildModel } from './spectrum.js';
import { truncatedSpectrum } from './truncated-spectrum.js';

/** The exact top-k model of x (n × d, 1 ≤ k ≤ min(n, d), finite, n ≥ 2). */
export function truncatedPca(x: Matrix, k: number, whiten: boolean): PcaModel {
  const [n, d] = [x.rows, x.cols];
  if (n < d) return gramPca(x, { components: k, whiten }, k);
  const mean = finiteColumnMeans(x, 'pca');
  const scatter = new Float64Array(d * d);
  kernelsFor('gramAccumulate', (n * d * d) / 2).gramAccumulate(n, d, x.data, mean, scatter);
  let trace = 0;
  for (let j = 0; j < d; j++) trace += scatter[j * d + j];
  const { values, vectors } = eigh(new Matrix(d, d, scatter), { subsetByIndex: [d - k, d - 1] });
  const v = vectors as Matrix;
  // Rows of the model: the eigenvector columns, largest eigenvalue first.
  const rows = new Matrix(k, d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) rows.data[c * d + j] = v.data[j * k + (k - 1 - c)];
  return buildModel(truncatedSpectrum(values, n, Math.min(n, d), trace), mean, rows, whiten);
}
