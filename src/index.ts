/** mmlkit's public API (docs/architecture.md): re-exports only. */
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
  release,
  type BackendName,
  type BackendChoice,
  type BackendStatus,
  type ThreadsStatus,
  type BackendOption,
  type InitOptions,
  type WasmSource,
  type WasmVariant,
  type WasmVariantChoice,
  type VariantInfo,
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
export { det, slogdet, inv, solve, lu, type LuResult, type SlogdetResult, type SolveOptions } from './linalg/lu.js';
export { cholesky } from './linalg/cholesky.js';
export { svd, pinv, cond, type SvdOptions, type SvdResult, type PinvOptions } from './linalg/svd.js';
export { gramSchmidt, type GramSchmidtOptions, type GramSchmidtResult } from './linalg/gram-schmidt.js';
export { qr, type QrMode, type QrOptions, type QrResult } from './linalg/qr.js';
export { changeBasis } from './linalg/change-basis.js';
export { reflectionMatrix, transformPoints, type ReflectionOptions } from './linalg/reflection.js';
export { eig, type EigOptions, type EigResult } from './linalg/eig.js';
export { powerIteration, type PowerIterationOptions, type PowerIterationResult } from './linalg/power-iteration.js';
export {
  gaussianPdf,
  gaussianPdfGradient,
  fitGaussian,
  chi2Surface,
  type GaussianPdfGradient,
  type FitGaussianOptions,
  type FitGaussianResult,
  type FitGaussianReason,
} from './calculus/gaussian-fit.js';
export { heightsData, type HeightsData } from './calculus/heights-data.js';
export {
  gradient,
  jacobian,
  hessian,
  type DerivativeOptions,
  type ScalarFunction,
  type VectorFunction,
} from './calculus/derivatives.js';
export type { Objective, ObjectiveLike } from './calculus/objective.js';
export {
  steepestStep,
  newtonStep,
  hybridStep,
  type StepRule,
  type SteepestStepOptions,
  type HybridStepOptions,
} from './calculus/step-rules.js';
export { descend, type DescendOptions, type DescendResult, type DescendReason } from './calculus/descend.js';
export {
  gradientDescent,
  type GradientDescentOptions,
  type GradientDescentResult,
} from './calculus/gradient-descent.js';
export { newtonRaphson, type NewtonRaphsonOptions, type NewtonRaphsonResult } from './calculus/newton-raphson.js';
export { sandpit, type SandpitSurface } from './calculus/sandpit.js';
// Statistics (course 3): mean/cov, affine maps, distances, neighbours, projections.
export { mean, cov, type CovOptions } from './stats/mean-cov.js';
export { affineMean, affineCov } from './stats/affine.js';
export { distance, angle } from './stats/distance.js';
export { pairwiseDistances, type PairwiseDistancesOptions } from './stats/pairwise.js';
export { nearestNeighbors, type NeighborsOptions, type NeighborsResult } from './stats/neighbors.js';
export { knn } from './stats/knn.js';
export { projectionMatrix, project, type ProjectionResult } from './stats/projection.js';
export { leastSquares } from './stats/least-squares.js';
export { mse } from './stats/mse.js';
export { standardize, type StandardizeResult } from './stats/standardize.js';
// Backpropagation (course 2): the sigmoid and a batched multilayer perceptron.
export { sigmoid, sigmoidPrime } from './calculus/sigmoid.js';
export {
  Mlp,
  type MlpActivation,
  type MlpInit,
  type MlpOptions,
  type MlpParameters,
  type MlpForward,
  type MlpGradients,
  type MlpTrainOptions,
  type MlpTrainResult,
  type MlpJson,
} from './calculus/mlp.js';
// PCA (course 3): in-memory fit, the streaming/mergeable accumulator, the fitted model.
export { pca, type PcaOptions, type PcaMethod } from './pca/pca.js';
export type { PcaFitOptions } from './pca/spectrum.js';
export { PcaModel, type PcaModelData, type PcaModelJson } from './pca/model.js';
export { PcaAccumulator, type PcaAccumulatorJson } from './pca/accumulator.js';
export { RandomizedPcaSketch, type RandomizedPcaSketchJson, type RandomizedPcaSketchOptions } from './pca/randomized-sketch.js';
export { RandomizedPcaPass, RandomizedPcaPartial, type RandomizedPcaPassJson, type RandomizedPcaPartialJson } from './pca/sketch-pass.js';
export { pcaFromChunks, type ChunkSource, type PcaFromChunksOptions } from './pca/pca-from-chunks.js';
export { FormatError, FileError, PartMismatchError, PoolError } from './errors.js';
