// The covariance of the digits and its eigen-decomposition: the variances PCA keeps.
import { cov, eigh, readCsv } from 'mmlkit';

const { data } = readCsv('data/digits.csv', { labelColumn: 'label' });
const C = cov(data); // 64 × 64, samples are rows
console.log(C);

const { values, vectors } = eigh(C); // ascending, as numpy's eigh
const top = Array.from(values).reverse().slice(0, 5);
console.log('largest eigenvalues:', top.map((v) => v.toFixed(4)).join(', '));
console.log(`eigenvectors: ${vectors.rows}×${vectors.cols}, one per column`);
