// The wasm module's exports: kernels only (see src/backend/wasm/kernels.ts for the JS side).
export { gemm } from './gemm';
export { heapBase } from './heap';
export { symEig, symEigWorkSize } from './sym-eig/index';
export { pairwiseSqDist } from './pairwise-sq-dist';
export { denseBackward, denseForward } from './dense';
export { colMeansBlock } from './col-means';
export { gramAccumulateBlock, gramAccumulateWorkSize } from './gram-accumulate';
export { trsm } from './lapack/trsm';
export { getrf, getrfWorkSize } from './lapack/getrf';
export { getrs } from './lapack/getrs';
export { getri } from './lapack/getri';
export { potrf } from './lapack/potrf';
export { geqrf } from './lapack/geqrf';
export { orgqr } from './lapack/orgqr';
export { ormqr } from './lapack/ormqr';
export { qrWorkSize } from './lapack/qr-block';
export { symEigRange, symEigRangeWorkSize } from './sym-eig/range';
export { jacobiSweeps } from './jacobi-sweeps';
