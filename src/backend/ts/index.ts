import type { Kernels } from '../kernels.js';
import { colMeans } from './col-means.js';
import { denseBackward, denseForward } from './dense.js';
import { gemm } from './gemm.js';
import { geqrf } from './geqrf.js';
import { orgqr } from './orgqr.js';
import { ormqr } from './ormqr.js';
import { gesdd } from './gesdd.js';
import { gramAccumulate } from './gram-accumulate.js';
import { pairwiseSqDist } from './pairwise-sq-dist.js';
import { symEig } from './sym-eig/index.js';
import { trsm } from './trsm.js';

/** The pure-TypeScript kernel table: the reference every other backend is tested against. */
export const tsKernels: Kernels = { gemm, symEig, pairwiseSqDist, denseForward, denseBackward, colMeans, gramAccumulate, geqrf, orgqr, ormqr, trsm, gesdd };
