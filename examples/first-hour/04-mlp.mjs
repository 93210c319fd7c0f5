// Train a small MLP (64-32-10, sigmoid) on the digits and measure it on rows it never saw.
import { Matrix, Mlp, readCsv } from 'mmlkit';

const { data, labels } = readCsv('data/digits.csv', { labelColumn: 'label' });
const n = data.rows;
const split = 1500;

// Pixels 0..16 scaled to 0..1; targets one-hot.
const X = new Matrix(n, 64, data.data.map((v) => v / 16));
const Y = new Matrix(n, 10);
labels.forEach((label, i) => Y.data[i * 10 + Number(label)] = 1);
const rows = (m, from, to) => new Matrix(to - from, m.cols, m.data.subarray(from * m.cols, to * m.cols));

const net = new Mlp([64, 32, 10], { seed: 1 });
const { cost } = net.train(rows(X, 0, split), rows(Y, 0, split), { iterations: 300, learningRate: 2 });
console.log(`training cost after 300 steps: ${cost.toFixed(4)}`);

const predicted = net.predict(rows(X, split, n));
let right = 0;
for (let i = 0; i < predicted.rows; i++) {
  const row = Array.from(predicted.data.subarray(i * 10, i * 10 + 10));
  if (row.indexOf(Math.max(...row)) === Number(labels[split + i])) right++;
}
console.log(`test accuracy: ${right} / ${predicted.rows} = ${(right / predicted.rows).toFixed(3)}`);
