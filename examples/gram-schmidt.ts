/**
 * Course 1, "Gram–Schmidt": orthonormalise the columns of the course's matrices; dependent
 * columns become zero columns and the dimension of the span is an integer count.
 *
 * Run: npm run build:ts && node dist/examples/gram-schmidt.js
 */
import { gramSchmidt, qr, matmul, transpose, eye, sub, norm } from '../src/entry/node.js';
import { isMain } from './run-main.js';

const fmt = (rows: number[][]) => rows.map((r) => `  [${r.map((x) => x.toFixed(8).padStart(11)).join(' ')}]`).join('\n');

export function main(): { dimensions: number[] } {
  const cases: [string, number[][]][] = [
    ['V (4×4)', [[1, 0, 2, 6], [0, 1, 8, 2], [2, 8, 3, 1], [1, -6, 2, 3]]],
    ['A (4×3)', [[3, 2, 3], [2, 5, -1], [2, 4, 8], [12, 2, 1]]],
    ['B (3×5)', [[6, 2, 1, 7, 5], [2, 8, 5, -4, 1], [1, -6, 3, 2, 8]]],
    ['C (3×3)', [[1, 0, 2], [0, 1, -3], [1, 0, 2]]],
  ];
  const dimensions: number[] = [];
  for (const [name, m] of cases) {
    const { basis, dimension } = gramSchmidt(m);
    dimensions.push(dimension);
    console.log(`${name}: dimension ${dimension}\n${fmt(basis.toArray())}\n`);
  }
  // Householder QR: orthogonal to machine precision where Gram–Schmidt loses it (Hilbert 10).
  const n = 10;
  const hilbert = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 / (i + j + 1)));
  const gs = gramSchmidt(hilbert, { reorthogonalize: false }).basis;
  const q = qr(hilbert).q;
  const loss = (Q: typeof q) => norm(sub(matmul(transpose(Q), Q), eye(n)));
  console.log(`Hilbert 10: ‖QᵀQ − I‖ = ${loss(gs).toExponential(2)} (course Gram–Schmidt) vs ${loss(q).toExponential(2)} (Householder qr)`);
  return { dimensions };
}

if (isMain(import.meta.url)) main();
