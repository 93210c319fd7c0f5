import type { Kernels } from '../kernels.js';
import { gemm } from './gemm.js';

/** The pure-TypeScript kernel table: the reference every other backend is tested against. */
export const tsKernels: Kernels = { gemm };
