// k-nearest neighbours on the digits: the CSV's labels (strings) go in, strings come out.
import { Matrix, knn, readCsv } from 'mmlkit';

const { data, labels } = readCsv('data/digits.csv', { labelColumn: 'label' });
const split = 1500;
const rows = (m, from, to) => new Matrix(to - from, m.cols, m.data.subarray(from * m.cols, to * m.cols));

const predicted = knn(rows(data, 0, split), labels.slice(0, split), rows(data, split, data.rows), 5);
const right = predicted.filter((p, i) => p === labels[split + i]).length;
console.log(`first predictions: ${predicted.slice(0, 10).join(' ')}`);
console.log(`test accuracy (k = 5): ${right} / ${predicted.length} = ${(right / predicted.length).toFixed(4)}`);
