/** mmlkit's public API (DESIGN.md §4): re-exports only. */
export { Matrix, matrix, zeros, eye, type MatrixLike, type VectorLike } from './matrix.js';
export {
  MmlError,
  ShapeError,
  NonFiniteError,
  SingularMatrixError,
  ConvergenceError,
  BackendUnavailableError,
  OptionError,
  ParseError,
} from './errors.js';
export {
  backends,
  getBackend,
  setBackend,
  withBackend,
  init,
  type BackendName,
  type BackendChoice,
  type BackendStatus,
} from './backend/registry.js';
export { lastDispatch, type Dispatch } from './backend/dispatch.js';
export { matmul } from './linalg/matmul.js';
export { transpose } from './linalg/transpose.js';
export { add, sub, scale } from './linalg/elementwise.js';
export { dot, norm, outer } from './linalg/vector.js';
