/**
 * Course 3, PCA for high-dimensional data (N < D): with fewer samples than features, the
 * eigenvectors of the N × N matrix X·Xᵀ/N, mapped back with Xᵀ and normalised, are the principal
 * axes — the same eigenvalues, the same reconstruction — at the cost of an N × N instead of a
 * D × D eigenproblem. Here N = 50 standardised digits of D = 64 pixels: the course's route by
 * hand, then `pca()` with method 'gram' and 'covariance', compared component by component.
 *
 * Run: npm run build:ts && node dist/examples/pca-high-dim.js [N]
 */
import { Matrix, eigh, matmul, mse, pca, standardize, transpose } from '../src/entry/node.js';
import { loadDigits } from './digits-data.js';
import { isMain } from './run-main.js';

export interface PcaHighDimResult {
  n: number;
  d: number;
  /** Components compared: the numerical rank of the centred data (eigenvalues > 1e-10 · the largest). */
  k: number;
  /** Smallest gap between consecutive kept eigenvalues, relative to the larger one: how well each axis is determined. */
  minRelativeGap: number;
  /** max |components_gram − components_covariance| (both sign-fixed the same way). */
  componentDifference: number;
  /** max over components of |variance_gram − variance_covariance| / variance_covariance. */
  varianceDifference: number;
  /** max over k ∈ {1, 2, 8, 16, 32, rank} of |reconstruct_gram(Z) − reconstruct_covariance(Z)| (fits with k components). */
  reconstructionDifference: number;
  /** The course's hand route against pca(…, 'covariance'): axes after matching signs, eigenvalues × N/(N − 1). */
  handComponentDifference: number;
  handVarianceDifference: number;
  /** With k = rank both reconstructions return the data: max |Z − reconstruct(Z)| and the MSE. */
  rankReconstructionError: number;
  rankMse: number;
  /** MSE of the reconstruction of Z for each k compared, by each method. */
  reconstructionMse: { k: number; gram: number; covariance: number }[];
  /** The 'gram' model's explained variances (length k). */
  explainedVariance: number[];
}

export function main(n = 50): PcaHighDimResult {
  const { images } = loadDigits();
  const d = images.cols;
  if (!(Number.isSafeInteger(n) && n >= 2 && n < d)) throw new RangeError(`pca-high-dim: N must be an integer in 2..${d - 1} (fewer samples than the ${d} features); got ${n}`);
  const { data: Z } = standardize(new Matrix(n, d, images.data.subarray(0, n * d)));
  console.log(`first ${n} UCI digits, standardised: N = ${n} samples < D = ${d} features`);

  // The course's route: eigenvectors of Z·Zᵀ/N (N × N), mapped back with Zᵀ and normalised.
  // (Z is standardised, so already centred.)
  const M = matmul(Z, transpose(Z));
  for (let i = 0; i < M.data.length; i++) M.data[i] /= n;
  const { values, vectors } = eigh(M);
  const V = vectors as Matrix;
  const lambda = Array.from({ length: n }, (_, i) => Math.max(0, values[n - 1 - i])); // descending
  const k = lambda.filter((l) => l > 1e-10 * lambda[0]).length;
  let minRelativeGap = Infinity;
  for (let i = 0; i + 1 < k; i++) minRelativeGap = Math.min(minRelativeGap, (lambda[i] - lambda[i + 1]) / lambda[i]);
  console.log(`X·Xᵀ/N is ${n}×${n} (the covariance would be ${d}×${d}); rank ${k}, eigenvalues ${lambda[0].toFixed(4)} … ${lambda[k - 1].toExponential(3)}, smallest relative gap ${minRelativeGap.toFixed(4)}`);
  const Vk = new Matrix(n, k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) Vk.data[i * k + c] = V.data[i * n + (n - 1 - c)];
  const U = matmul(transpose(Z), Vk); // D × k, column c ∥ principal axis c
  for (let c = 0; c < k; c++) {
    let ss = 0;
    for (let r = 0; r < d; r++) ss += U.data[r * k + c] ** 2;
    for (let r = 0; r < d; r++) U.data[r * k + c] /= Math.sqrt(ss);
  }

  const gram = pca(Z, { components: k, method: 'gram' });
  const covariance = pca(Z, { components: k, method: 'covariance' });
  const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  };
  const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
    return m;
  };
  const componentDifference = maxAbsDiff(gram.components.data, covariance.components.data);
  const varianceDifference = maxRelDiff(gram.explainedVariance, covariance.explainedVariance);
  // Reconstructions from fits with fewer components, each method on its own.
  let reconstructionDifference = 0;
  const perK: string[] = [];
  const reconstructionMse: PcaHighDimResult['reconstructionMse'] = [];
  for (const kk of [...new Set([1, 2, 8, 16, 32, k].filter((x) => x <= k))]) {
    const a = pca(Z, { components: kk, method: 'gram' }).reconstruct(Z);
    const b = pca(Z, { components: kk, method: 'covariance' }).reconstruct(Z);
    const diff = maxAbsDiff(a.data, b.data);
    reconstructionDifference = Math.max(reconstructionDifference, diff);
    reconstructionMse.push({ k: kk, gram: mse(Z, a), covariance: mse(Z, b) });
    const { gram: eg, covariance: ec } = reconstructionMse[reconstructionMse.length - 1];
    perK.push(`    k = ${String(kk).padStart(2)}: MSE ${eg.toFixed(10).padStart(14)} (gram) ${ec.toFixed(10).padStart(14)} (covariance), max |difference| ${diff.toExponential(2)}`);
  }
  const Rg = gram.reconstruct(Z);
  const Rc = covariance.reconstruct(Z);

  // The hand route's axes carry eigh's arbitrary signs: match each to the library's before comparing.
  let handComponentDifference = 0;
  for (let c = 0; c < k; c++) {
    let dotp = 0;
    for (let r = 0; r < d; r++) dotp += U.data[r * k + c] * covariance.components.data[c * d + r];
    const s = Math.sign(dotp);
    for (let r = 0; r < d; r++) handComponentDifference = Math.max(handComponentDifference, Math.abs(s * U.data[r * k + c] - covariance.components.data[c * d + r]));
  }
  // X·Xᵀ/N has the population (divisor N) eigenvalues; explainedVariance divides by N − 1.
  const handVarianceDifference = maxRelDiff(lambda.slice(0, k).map((l) => (l * n) / (n - 1)), covariance.explainedVariance);
  const rankReconstructionError = Math.max(maxAbsDiff(Rg.data, Z.data), maxAbsDiff(Rc.data, Z.data));
  const rankMse = Math.max(mse(Z, Rg), mse(Z, Rc));

  console.log(`\npca(Z, { components: ${k}, method: 'gram' }) vs method 'covariance':`);
  console.log(`  components (sign-fixed alike)  max |difference| ${componentDifference.toExponential(2)}`);
  console.log(`  explained variances            max relative difference ${varianceDifference.toExponential(2)}`);
  console.log(`  reconstructions of Z           max |difference| ${reconstructionDifference.toExponential(2)}`);
  for (const line of perK) console.log(line);
  console.log(`the course's route by hand (Zᵀv / ‖Zᵀv‖) vs method 'covariance':`);
  console.log(`  axes (signs matched)           max |difference| ${handComponentDifference.toExponential(2)}`);
  console.log(`  eigenvalues × N/(N − 1)        max relative difference ${handVarianceDifference.toExponential(2)}`);
  console.log(`with k = rank = ${k} the reconstruction is the data: max |Z − reconstruct(Z)| ${rankReconstructionError.toExponential(2)}, MSE ${rankMse.toExponential(2)}`);
  return {
    n,
    d,
    k,
    minRelativeGap,
    componentDifference,
    varianceDifference,
    reconstructionDifference,
    handComponentDifference,
    handVarianceDifference,
    rankReconstructionError,
    rankMse,
    reconstructionMse,
    explainedVariance: Array.from(gram.explainedVariance),
  };
}

if (isMain(import.meta.url)) main(process.argv[2] === undefined ? undefined : Number(process.argv[2]));
