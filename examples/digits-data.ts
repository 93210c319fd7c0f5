/**
 * The UCI handwritten digits (scikit-learn's `load_digits`: 1797 images of 8×8 pixels with
 * values 0..16, labels 0..9), shipped as data/digits.csv with a header `p0..p63,label`.
 * A deliberately plain reader for this one known-clean file; general CSV input is `readCsv`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix } from '../src/entry/node.js';
import { packageRoot } from '../src/backend/package-root.js';

export interface Digits {
  /** 1797 × 64 pixel intensities, one image per row. */
  images: Matrix;
  /** The digit each row shows. */
  labels: Float64Array;
}

export function digitsPath(): string {
  return join(packageRoot(), 'data', 'digits.csv');
}

export function loadDigits(path = digitsPath()): Digits {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const d = header.length - 1;
  if (header[d] !== 'label') throw new Error(`${path}: expected the last column to be 'label', got '${header[d]}'`);
  const n = lines.length - 1;
  const images = new Matrix(n, d);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    if (cells.length !== d + 1) throw new Error(`${path}:${i + 2}: expected ${d + 1} fields, got ${cells.length}`);
    for (let j = 0; j < d; j++) images.data[i * d + j] = Number(cells[j]);
    labels[i] = Number(cells[d]);
  }
  return { images, labels };
}
