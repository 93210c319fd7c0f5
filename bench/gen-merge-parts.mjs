// Generates N synthetic shard parts of d columns for timing `mmlkit merge` (not committed data):
//   node bench/gen-merge-parts.mjs [N=1000] [d=500] [dir=/tmp/mf/parts] [json|bin]
// Each part is the accumulator of a few random rows, in the envelope `mmlkit pca --shard` writes;
// then: /usr/bin/time -v node dist/src/cli/main.js merge DIR/part-* -k 10 --out /tmp/model
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcaAccumulator } from '../dist/src/pca/accumulator.js';
import * as part from '../dist/src/distributed/part.js';

const [n = 1000, d = 500] = process.argv.slice(2, 4).map(Number);
const dir = process.argv[4] ?? '/tmp/mf/parts';
const format = process.argv[5] ?? 'json';
mkdirSync(dir, { recursive: true });
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const columns = Array.from({ length: d }, (_, j) => `c${j}`);
const width = String(n - 1).length;
for (let i = 0; i < n; i++) {
  const rows = Array.from({ length: 4 }, () => Array.from({ length: d }, rand));
  const acc = new PcaAccumulator(d).update(rows);
  const envelope = {
    format: part.PCA_PART_FORMAT, version: part.PCA_PART_VERSION, method: 'covariance',
    shard: { index: i, count: n }, inputs: [{ name: 'synthetic.csv', size: 1 }],
    data: { kind: 'csv', columns, label: null },
    settings: { columns: null, labelColumn: null, delimiter: ',', header: 'auto' },
    rows: acc.count, accumulator: acc.toJSON(),
  };
  const name = join(dir, `part-${String(i).padStart(width, '0')}.${format}`);
  if (format === 'bin') writeFileSync(name, part.encodePart(envelope));
  else writeFileSync(name, JSON.stringify(envelope) + '\n');
}
console.log(`${n} ${format} parts of d = ${d} in ${dir}`);
