/**
 * Course 1, "Identifying special matrices": row echelon form by the course's row-addition
 * method and by partial pivoting, singularity, determinants — and the exact-zero trap.
 *
 * Run: npm run build:ts && node dist/examples/special-matrices.js
 */
import { det, isSingular, rowEchelon } from '../src/entry/node.js';
import { isMain } from './run-main.js';

const show = (rows: number[][]) => rows.map((r) => `  [${r.map((x) => (Math.abs(x) < 5e-16 ? 0 : x).toFixed(4).padStart(8)).join(' ')}]`).join('\n');

export function main(): { singularFirst: boolean; echelon: number[][]; det: number } {
  const A = [[2, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 4], [0, 0, 5, 5]];
  const singularFirst = isSingular(A, { strategy: 'row-addition' });
  console.log(`A = [[2,0,0,0],[0,3,0,0],[0,0,4,4],[0,0,5,5]] singular: ${singularFirst}   (course: singular)`);

  const B = [[0, 7, -5, 3], [2, 8, 0, 4], [3, 12, 0, 5], [1, 3, 1, 3]];
  const r = rowEchelon(B, { strategy: 'row-addition' });
  const echelon = r.matrix.toArray();
  console.log(`\nB row-addition echelon form (course: [[1,7.5,-2.5,3.5],[0,1,-5/7,3/7],[0,0,1,1.5],[0,0,0,1]]):\n${show(echelon)}`);
  const d = det(B);
  console.log(`singular: ${r.singular}, det B = ${d.toFixed(12)}   (course: non-singular, det −4)`);

  const C = [[0, 2, 1], [1, 1, 1], [2, 1, 0]];
  console.log(`\nC = [[0,2,1],[1,1,1],[2,1,0]] row-addition:\n${show(rowEchelon(C, { strategy: 'row-addition' }).matrix.toArray())}\ndet C = ${det(C).toFixed(12)}   (expected 3)`);

  const arange = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]];
  console.log(`\narange(1,17).reshape(4,4) singular: ${isSingular(arange)}   (expected true)`);

  // The trap: with the course's exact-zero test a matrix with a zero row can pass as regular.
  const trap = [[1, 2, 2], [0, 0, 0], [1, 0.4, 0.3]];
  console.log(
    `\n[[1,2,2],[0,0,0],[1,0.4,0.3]] singular with tol 0 (course test): ${isSingular(trap, { tol: 0, strategy: 'row-addition' })}; ` +
      `with the default relative tol: ${isSingular(trap, { strategy: 'row-addition' })}`,
  );
  return { singularFirst, echelon, det: d };
}

if (isMain(import.meta.url)) main();
