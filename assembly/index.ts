// The wasm module's exports: kernels only (see src/backend/wasm/kernels.ts for the JS side).
export { gemm } from './gemm';
export { heapBase } from './heap';
export { symEig, symEigWorkSize } from './sym-eig';
