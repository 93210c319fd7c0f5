// The wasm module's exports: kernels (see src/backend/wasm/kernels.ts for the JS side), and the
// parts two threads run over one shared memory (src/backend/wasm/threads/): the same module is
// instantiated in both threads, so those parts take their scratch as pointers (this module's
// static scratch belongs to the main thread's calls).
export { gemm, setGemmSplitFrom } from './gemm';
export { heapBase } from './heap';
export { symEig, symEigWorkSize } from './sym-eig/index';
export { pairwiseSqDist } from './pairwise-sq-dist';
export { denseBackward, denseForward } from './dense';
export { colMeansBlock } from './col-means';
export { colStatsBlock } from './col-stats';
export { gramAccumulateBlock, gramAccumulateWorkSize } from './gram-accumulate';
export { trsm, trsmAlone } from './lapack/trsm';
export { getrf, getrfStrided, getrfWorkSize } from './lapack/getrf';
export { getrs } from './lapack/getrs';
export { gesv, gesvWorkSize } from './lapack/gesv';
export { getri } from './lapack/getri';
export { potrf } from './lapack/potrf';
export { geqrf } from './lapack/geqrf';
export { orgqr } from './lapack/orgqr';
export { ormqr } from './lapack/ormqr';
export { qrWorkSize } from './lapack/qr-block';
export { symEigRange, symEigRangeWorkSize } from './sym-eig/range';
export { gesdd, gesddWorkSize } from './lapack/gesdd';
export { lownerWeights, secularRoots, secularVectors } from './lapack/bdsdc';
export { gemmAheadPart, gemmBlocking, gemmPackPanels, gemmPart, gemmPartScratchBytes, gemmRowBlocks } from './threads/gemm-part';
export { gramAccumulatePart, gramAccumulatePartBytes } from './threads/gram-part';
export { gemvPart } from './threads/gemv-part';
export { trsmPart } from './threads/trsm-part';
export { addNormsAndClamp } from './pairwise-sq-dist';
export { biasActivate, deltaSweep } from './dense';
