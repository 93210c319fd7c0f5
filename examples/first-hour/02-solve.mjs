// Solve A x = b, check the residual, and see what a singular matrix does.
import { SingularMatrixError, matmul, matrix, norm, solve, sub } from 'mmlkit';

const A = matrix([
  [4, -2, 1],
  [-2, 4, -2],
  [1, -2, 4],
]);
const b = [11, -16, 17];

const x = solve(A, b); // a vector in, a Float64Array out
console.log('x =', Array.from(x));
console.log('residual ‖Ax − b‖ =', norm(sub(matmul(A, x), b)));

try {
  solve([[1, 2], [2, 4]], [1, 2]);
} catch (err) {
  if (!(err instanceof SingularMatrixError)) throw err;
  console.log(`singular: ${err.message}`);
}
