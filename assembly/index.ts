// The wasm module's exports: kernels only (see src/backend/wasm/kernels.ts for the JS side).
export { gemm } from './gemm';
export { heapBase } from './heap';
export { symEig, symEigWorkSize } from './sym-eig/index';
export { pairwiseSqDist } from './pairwise-sq-dist';
export { denseBackward, denseForward } from './dense';
export { colMeansBlock } from './col-means';
export { colStatsBlock } from './col-stats';
export { gramAccumulateBlock, gramAccumulateWorkSize } from './gram-accumulate';
