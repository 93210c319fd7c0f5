/**
 * Course 3, "Mean, covariance, affine transformations": the mean and covariance of a data set
 * (rows = samples), the course's worked values, and the identities
 * mean(AX + b) = A·mean + b and cov(AX + b) = A·S·Aᵀ checked on the UCI digits (1797 × 64).
 *
 * Run: npm run build:ts && node dist/examples/mean-cov-affine.js
 */
import { Matrix, affineCov, affineMean, cov, mean } from '../src/entry/node.js';
import { Rng } from '../src/random.js';
import { loadDigits } from './digits-data.js';
import { isMain } from './run-main.js';

export interface MeanCovAffineResult {
  courseMean: number[];
  coursePopulationCov: number[][];
  /** max |mean(AX + b) − (A·mean(X) + b)| on the digits. */
  meanIdentityError: number;
  /** max |cov(AX + b) − A·cov(X)·Aᵀ| / max |cov(AX + b)| on the digits. */
  covIdentityError: number;
  digitsTotalVariance: number;
}

export function main(): MeanCovAffineResult {
  const course = [[0, 3], [1, 4], [2, 5]];
  const courseMean = Array.from(mean(course));
  const coursePopulationCov = cov(course, { ddof: 0 }).toArray();
  console.log(`samples (0,3), (1,4), (2,5):  mean = [${courseMean}]   (course: [1, 4])`);
  console.log(`population cov (ddof 0) = ${JSON.stringify(coursePopulationCov)}   (course: [[2/3,2/3],[2/3,2/3]])`);
  console.log(`sample cov (ddof 1, numpy's default) = ${JSON.stringify(cov(course).toArray())}`);

  const { images } = loadDigits();
  const { rows: n, cols: d } = images;
  const S = cov(images, { ddof: 0 });
  let trace = 0;
  for (let j = 0; j < d; j++) trace += S.get(j, j);
  console.log(`\ndigits ${n}×${d}: total variance (trace of the population covariance) = ${trace.toFixed(6)}   (numpy: 1201.478737)`);

  // A random affine map R^64 → R^10 applied to every image: y = A x + b.
  const rng = new Rng(42);
  const p = 10;
  const A = new Matrix(p, d, Float64Array.from({ length: p * d }, () => rng.next() * 2 - 1));
  const b = Float64Array.from({ length: p }, () => rng.next() * 100);
  const mapped = new Matrix(n, p);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < p; r++) {
      let s = b[r];
      for (let c = 0; c < d; c++) s += A.data[r * d + c] * images.data[i * d + c];
      mapped.data[i * p + r] = s;
    }
  }
  const direct = mean(mapped);
  const viaIdentity = affineMean(mean(images), A, b);
  const meanIdentityError = Math.max(...direct.map((v, i) => Math.abs(v - viaIdentity[i])));
  const covDirect = cov(mapped, { ddof: 0 });
  const covIdentity = affineCov(S, A);
  const scale = Math.max(...covDirect.data.map(Math.abs));
  const covIdentityError = Math.max(...covDirect.data.map((v, i) => Math.abs(v - covIdentity.data[i]))) / scale;
  console.log(`mean(AX + b) vs A·mean + b:  max difference ${meanIdentityError.toExponential(2)}`);
  console.log(`cov(AX + b) vs A·S·Aᵀ:       max relative difference ${covIdentityError.toExponential(2)}`);
  return { courseMean, coursePopulationCov, meanIdentityError, covIdentityError, digitsTotalVariance: trace };
}

if (isMain(import.meta.url)) main();
