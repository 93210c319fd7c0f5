import type { Kernels } from '../kernels.js';
import { gemm } from './gemm.js';
import { symEig } from './sym-eig.js';

/** The pure-TypeScript kernel table: the reference every other backend is tested against. */
export const tsKernels: Kernels = { gemm, symEig };
