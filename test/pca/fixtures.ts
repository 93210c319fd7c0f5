/**
 * scikit-learn's PCA on its bundled data sets (test/fixtures/sklearn-pca.json, made by
 * test/fixtures/make-sklearn-pca.py with Debian's python3-sklearn) and the data sets
 * themselves: iris, wine and breast_cancer embedded there, digits read from data/digits.csv
 * (the file the CLI demo ships; identical to sklearn's load_digits).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Matrix } from '../../src/matrix.js';

export interface SklearnCase {
  name: 'iris' | 'wine' | 'breast_cancer' | 'digits';
  n: number;
  d: number;
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
  mean: number[];
  /** How many leading components are compared (all with eigenvalue gaps well above rounding). */
  kCompare: number;
  components: number[][];
  kTransform: number;
  noiseVariance: number;
  /** First 5 rows, with k = kTransform: transform, whitened transform, reconstruction. */
  transformRows: number[][];
  whitenedRows: number[][];
  reconstructedRows: number[][];
  /** [fraction, the k scikit-learn keeps]. */
  fractions: [number, number][];
}

interface Fixture {
  sklearn: string;
  cases: SklearnCase[];
  data: Record<'iris' | 'wine' | 'breast_cancer', number[][]>;
}

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

export const SKLEARN: Fixture = JSON.parse(readFileSync(root('test/fixtures/sklearn-pca.json'), 'utf8')) as Fixture;

/** The 1797 × 64 digits (the label column dropped). */
export function digits(): Matrix {
  const lines = readFileSync(root('data/digits.csv'), 'utf8').trim().split('\n').slice(1);
  const m = new Matrix(lines.length, 64);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    for (let j = 0; j < 64; j++) m.data[i * 64 + j] = Number(cells[j]);
  });
  return m;
}

export function dataset(name: SklearnCase['name']): Matrix {
  return name === 'digits' ? digits() : Matrix.from(SKLEARN.data[name]);
}
