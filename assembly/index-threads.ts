// The threaded module's exports (src/backend/wasm/threads/): gemm, which two threads split,
// taking its scratch as a pointer (both threads run this module over one shared memory, so
// module-level statics would be shared between them), and the O(m·n) sweeps the split
// kernels run around their products, on the main thread.
export { heapBase } from './heap';
export { gemmBlocking, gemmPackPanels, gemmPart, gemmPartScratchBytes, gemmRowBlocks } from './threads/gemm-part';
export { addNormsAndClamp } from './pairwise-sq-dist';
export { biasActivate, deltaSweep } from './dense';
export { gramAccumulatePart, gramAccumulatePartBytes } from './threads/gram-part';
