/** The benchmark workloads `mmlkit bench [workload]` knows, by name. */
import { closeNumpyWorkers } from './anchors/numpy.js';
import { runInterleaved } from './compare.js';
import { DECOMP_SIZES, DECOMPS, decompCases, decompNotes } from './decomp.js';
import { DISPATCH_SIZES, dispatchCases } from './dispatch.js';
import { runCases, type BenchCase, type BenchOptions } from './harness.js';
import { DEFAULT_SIZES, matmulCases } from './matmul.js';
import { MLP_BATCHES, mlpCases } from './mlp.js';
import { PAIRWISE_SIZES, pairwiseCases } from './pairwise.js';
import { PCA_ROWS, pcaCases } from './pca.js';
import { PCA_WIDE_ROWS, pcaWideCases } from './pca-wide.js';

export interface RunOptions extends BenchOptions {
  sizes?: number[];
  /** Restrict to these implementations (backend names, 'ml-matrix', 'numpy', 'numpy-env'). */
  impls?: Set<string>;
  /** Interleaved comparison with this many rounds instead of the table (compare.ts). */
  interleave?: number;
  /** Idle ms before each interleaved call (default 200). */
  gapMs?: number;
}

interface Workload {
  sizes: number[];
  /** Sizes for `--interleave` when none are given (the target sizes); workloads
   * without them (several cases per size, or timed outside the process) have no interleaved mode. */
  interleaveSizes?: number[];
  /** `sizesGiven` is false when the workload's default sizes are used. */
  cases: (sizes: number[], impls: Set<string> | undefined, sizesGiven: boolean) => Promise<BenchCase[]>;
  notes?: (sizesGiven: boolean) => string[];
}

const decomp = (name: string, interleaveSizes: number[]): Workload => ({
  sizes: DECOMP_SIZES,
  interleaveSizes,
  cases: (sizes, impls, given) => decompCases(name, sizes, impls, given),
  notes: (given) => decompNotes(name, given),
});

export const WORKLOADS: Record<string, Workload> = {
  matmul: { sizes: DEFAULT_SIZES, interleaveSizes: [1024, 2048], cases: (s, i) => matmulCases(s, i) },
  lu: decomp('lu', [1000]),
  solve: decomp('solve', [1000]),
  inv: decomp('inv', [1000]),
  det: decomp('det', [1000]),
  qr: decomp('qr', [1000]),
  svd: decomp('svd', [300, 1000]),
  eigh: decomp('eigh', [1000, 2000]),
  cholesky: decomp('cholesky', [1000]),
  mlp: { sizes: MLP_BATCHES, cases: async (s, i) => mlpCases(s, i) },
  dispatch: { sizes: DISPATCH_SIZES, cases: async (s, i) => dispatchCases(s, i) },
  pairwise: { sizes: PAIRWISE_SIZES, cases: async (s, i) => pairwiseCases(s, i) },
  pca: { sizes: PCA_ROWS, cases: (s, i) => pcaCases(s, i) },
  'pca-wide': { sizes: PCA_WIDE_ROWS, interleaveSizes: PCA_WIDE_ROWS, cases: (s, i) => pcaWideCases(s, i) },
};

// Sanity: every decomposition spec has a workload.
for (const name of Object.keys(DECOMPS)) if (!(name in WORKLOADS)) throw new Error(`bench: decomposition ${name} has no workload`);

export async function runBench(names: string[], opts: RunOptions): Promise<void> {
  const unknown = names.filter((n) => !(n in WORKLOADS));
  if (unknown.length) throw new Error(`unknown workload ${unknown.join(', ')}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  const all = Object.keys(WORKLOADS).filter((n) => opts.interleave === undefined || WORKLOADS[n].interleaveSizes);
  if (opts.interleave !== undefined) {
    const no = names.filter((n) => !WORKLOADS[n].interleaveSizes);
    if (no.length) throw new Error(`no interleaved mode for ${no.join(', ')}; it has: ${all.join(', ')}`);
  }
  try {
    for (const name of names.length ? names : all) {
      const w = WORKLOADS[name];
      const given = opts.sizes !== undefined;
      if (opts.interleave !== undefined) {
        const sides = opts.impls ? [...opts.impls] : ['native', 'numpy'];
        const sizes = opts.sizes ?? w.interleaveSizes ?? w.sizes;
        await runInterleaved(name, sizes, (s, i) => w.cases(s, i, true), { rounds: opts.interleave, sides, outDir: opts.outDir, gapMs: opts.gapMs });
      } else {
        const sizes = opts.sizes ?? w.sizes;
        await runCases(name, await w.cases(sizes, opts.impls, given), opts, w.notes?.(given) ?? []);
      }
    }
  } finally {
    closeNumpyWorkers();
  }
}
