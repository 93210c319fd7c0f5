// CSV → PCA keeping 95 % of the variance → save the model, load it back, project.
// Run from the repository root (or any folder holding data/digits.csv): node examples/first-hour/01-csv-pca.mjs [out-dir]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PcaModel, pca, readCsv } from 'mmlkit';

const out = process.argv[2] ?? 'first-hour-out';

// readCsv returns { data: Matrix, columns, header?, labels? }; the label field is text, not a feature.
const { data, labels } = readCsv('data/digits.csv', { labelColumn: 'label' });
console.log(data);

const model = pca(data, { components: 0.95 });
const kept = model.explainedVarianceRatio.reduce((s, r) => s + r, 0);
console.log(`${model.components.rows} components keep ${(100 * kept).toFixed(2)} % of the variance`);

mkdirSync(out, { recursive: true });
writeFileSync(`${out}/digits-pca.json`, JSON.stringify(model));
const loaded = PcaModel.fromJSON(readFileSync(`${out}/digits-pca.json`, 'utf8'));
const scores = loaded.transform(data);
console.log(`first sample (a ${labels[0]}) on the first two components: ${scores.get(0, 0).toFixed(4)}, ${scores.get(0, 1).toFixed(4)}`);
