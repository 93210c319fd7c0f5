// The threaded module's exports (src/backend/wasm/threads/): the kernels two threads split,
// each taking its scratch as a pointer, since both threads run this module over one shared
// memory and module-level statics would be shared between them.
export { heapBase } from './heap';
export { gemmPart, gemmPartScratchBytes } from './threads/gemm-part';
