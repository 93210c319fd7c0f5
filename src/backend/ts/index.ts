import type { Kernels } from '../kernels.js';
import { colMeans } from './col-means.js';
import { colStats } from './col-stats.js';
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
import { getrf } from './getrf.js';
import { getrs } from './getrs.js';
import { gesv } from './gesv.js';
import { getri } from './getri.js';
import { potrf } from './potrf.js';
import { symEigRange } from './sym-eig-range.js';

/** The pure-TypeScript kernel table: the reference every other backend is tested against. */
export const tsKernels: Kernels = { gemm, symEig, pairwiseSqDist, denseForward, denseBackward, colMeans, colStats, gramAccumulate, trsm, getrf, getrs, gesv, getri, potrf, geqrf, orgqr, ormqr, symEigRange, gesdd };
