/** The benchmark workloads `mmlkit bench [workload]` knows, by name. */
import { runCases, type BenchOptions, type BenchRow } from './harness.js';
import { DISPATCH_SIZES, dispatchCases } from './dispatch.js';
import { EIGH_SIZES, eighCases } from './eigh.js';
import { DEFAULT_SIZES, matmulCases } from './matmul.js';
import { MLP_BATCHES, mlpCases } from './mlp.js';
import { PAIRWISE_SIZES, pairwiseCases } from './pairwise.js';
import { PCA_ROWS, pcaCases } from './pca.js';

export interface RunOptions extends BenchOptions {
  sizes?: number[];
  /** Restrict to these implementations (backend names, 'ml-matrix', 'numpy'). */
  impls?: Set<string>;
}

export const WORKLOADS: Record<string, (o: RunOptions) => Promise<BenchRow[]>> = {
  matmul: async (o) => runCases('matmul', await matmulCases(o.sizes ?? DEFAULT_SIZES, o.impls), o),
  eigh: async (o) => runCases('eigh', await eighCases(o.sizes ?? EIGH_SIZES, o.impls), o),
  mlp: async (o) => runCases('mlp', mlpCases(o.sizes ?? MLP_BATCHES, o.impls), o),
  dispatch: async (o) => runCases('dispatch', dispatchCases(o.sizes ?? DISPATCH_SIZES, o.impls), o),
  pairwise: async (o) => runCases('pairwise', pairwiseCases(o.sizes ?? PAIRWISE_SIZES, o.impls), o),
  pca: async (o) => runCases('pca', await pcaCases(o.sizes ?? PCA_ROWS, o.impls), o),
};

export async function runBench(names: string[], opts: RunOptions): Promise<void> {
  const unknown = names.filter((n) => !(n in WORKLOADS));
  if (unknown.length) throw new Error(`unknown workload ${unknown.join(', ')}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  for (const name of names.length ? names : Object.keys(WORKLOADS)) await WORKLOADS[name](opts);
}
