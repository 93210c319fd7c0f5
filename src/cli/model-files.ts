/**
 * The model files every PCA command writes into its staging directory: model.json,
 * components.csv (one row per component, the feature names as header) and
 * explained_variance.csv. One writer, so `mmlkit pca`, `mmlkit merge` and a run over Redis give
 * the same files for the same model.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PcaModel } from '../pca/model.js';
import { csvField } from '../io/csv-write.js';

/** Writes the three files into `dir`; returns their names. */
export function writeModelFiles(dir: string, model: PcaModel, names: string[]): string[] {
  const put = (name: string, text: string) => writeFileSync(join(dir, name), text);
  put('model.json', JSON.stringify(model.toJSON()) + '\n');
  put('components.csv', [names.map((n) => csvField(n)).join(','), ...model.components.toArray().map((r) => r.map(String).join(','))].join('\n') + '\n');
  const ev: string[] = ['component,variance,ratio,cumulative'];
  let cumulative = 0;
  for (let i = 0; i < model.nComponents; i++) {
    cumulative += model.explainedVarianceRatio[i];
    ev.push(`${i + 1},${model.explainedVariance[i]},${model.explainedVarianceRatio[i]},${cumulative}`);
  }
  put('explained_variance.csv', ev.join('\n') + '\n');
  return ['model.json', 'components.csv', 'explained_variance.csv'];
}
