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
export { eigh, type EighOptions, type EighResult } from './linalg/eigh.js';
export {
  linkMatrix,
  type SparseLinkMatrix,
  type EdgeArrays,
  type CsrAdjacency,
  type EdgeList,
} from './linalg/link-matrix.js';
export { pageRank, type PageRankOptions, type PageRankResult } from './linalg/pagerank.js';
export { randomLinkGraph, type RandomLinkGraph, type RandomLinkGraphOptions } from './linalg/random-graph.js';
export {
  rowEchelon,
  isSingular,
  rank,
  type EchelonStrategy,
  type RowEchelonOptions,
  type RowEchelonResult,
  type RankOptions,
} from './linalg/row-echelon.js';
export { det, slogdet, inv, solve, type SlogdetResult, type SolveOptions } from './linalg/lu.js';
export { svd, pinv, cond, type SvdOptions, type SvdResult, type PinvOptions } from './linalg/svd.js';
export { gramSchmidt, type GramSchmidtOptions, type GramSchmidtResult } from './linalg/gram-schmidt.js';
export { qr, type QrMode, type QrOptions, type QrResult } from './linalg/qr.js';
export { changeBasis } from './linalg/change-basis.js';
export { reflectionMatrix, transformPoints, type ReflectionOptions } from './linalg/reflection.js';
export { eig, type EigOptions, type EigResult } from './linalg/eig.js';
export { powerIteration, type PowerIterationOptions, type PowerIterationResult } from './linalg/power-iteration.js';
