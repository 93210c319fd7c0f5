import { join, relative, sep } from 'node:path';
import { packageRoot } from '../backend/package-root.js';
import { runPcaCommand } from './pca.js';

export interface DemoOptions {
  components: number;
  out: string;
  workers?: number;
  /** Aborting it stops the run and removes what was staged (see runPcaCommand). */
  signal?: AbortSignal;
}

/**
 * `mmlkit demo`: the `pca` pipeline on the data set shipped with the package — the UCI
 * handwritten digits (scikit-learn's `load_digits`: 1797 images of 8 × 8 pixels with values
 * 0–16, CC BY 4.0; see data/README.md). Writes the model, the projections and both plots
 * (the scatter coloured by digit) into `out` and says where.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const file = join(packageRoot(), 'data', 'digits.csv');
  console.log('PCA of the UCI handwritten digits: 1797 images of 8×8 pixels (64 features), labels 0–9');
  console.log(`data: ${file}\n`);
  const result = await runPcaCommand(file, {
    components: options.components,
    out: options.out,
    workers: options.workers,
    labelColumn: 'label',
    plot: true,
    transform: 'csv',
    title: 'UCI digits',
    signal: options.signal,
  });
  const shown = relative(process.cwd(), result.outDir) || '.';
  // In a clone, `npx mmlkit` would install the clone into npx's cache and build it again.
  const mmlkit = packageRoot().split(sep).includes('node_modules') ? 'npx mmlkit' : 'npm run mmlkit --';
  console.log(`\nOpen ${join(shown, 'scatter.svg')} (the digits on the first two components, coloured by digit)`);
  console.log(`and ${join(shown, 'scree.svg')} in a browser. Run it on your own data: ${mmlkit} pca <file.csv|file.npy> -k 10 --plot [--label-column <field>]`);
  console.log(`(on this file: ${mmlkit} pca ${relative(process.cwd(), file) || file} -k 10 --plot --label-column label)`);
}
