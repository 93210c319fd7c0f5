/**
 * The public API's input validation, swept the way an adversarial caller would: options objects
 * of the wrong type, options of the wrong type or range, missing arguments, non-string paths,
 * bad shapes and non-finite data. Each case must throw the typed error (never a TypeError from
 * deep inside), name the option or shape in its message, write no file, and do the same on
 * every backend.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as mml from '../src/entry/node.js';
import {
  MmlError,
  NonFiniteError,
  OptionError,
  ShapeError,
  PcaAccumulator,
  Mlp,
  matrix,
  withBackend,
} from '../src/entry/node.js';
import { BACKENDS } from './helpers/backends.js';

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-validation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const csvPath = join(dir, 'in.csv');
writeFileSync(csvPath, 'a,b\n1,2\n3,4\n');
const npyPath = join(dir, 'in.npy');
mml.writeNpy(npyPath, matrix([[1, 2], [3, 4]]));
const inputs = ['in.csv', 'in.npy'];

const A = () => matrix([[4, 1], [1, 3]]);
const X = () => matrix([[1, 2], [3, 5], [4, 4], [6, 9], [2, 1]]);
const f = (x: ArrayLike<number>) => (x[0] - 1) ** 2 + (x[1] + 2) ** 2;
const drain = async (it: AsyncIterable<unknown>) => {
  for await (const _ of it) void _;
};
// Casts for deliberately ill-typed calls.
const bad = <T>(v: unknown) => v as T;

type Call = () => unknown;
/** [what, call, expected error class, strings the message must contain] */
type Case = [string, Call, new (...args: never[]) => MmlError, string[]];

// Every function with a trailing options object: null there is an OptionError naming 'options'.
const withOptions: [string, (o: never) => unknown][] = [
  ['eigh', (o) => mml.eigh(A(), o)],
  ['eig', (o) => mml.eig(A(), o)],
  ['svd', (o) => mml.svd(A(), o)],
  ['pinv', (o) => mml.pinv(A(), o)],
  ['inv', (o) => mml.inv(A(), o)],
  ['solve', (o) => mml.solve(A(), [1, 2], o)],
  ['rowEchelon', (o) => mml.rowEchelon(A(), o)],
  ['isSingular', (o) => mml.isSingular(A(), o)],
  ['rank', (o) => mml.rank(A(), o)],
  ['gramSchmidt', (o) => mml.gramSchmidt(A(), o)],
  ['qr', (o) => mml.qr(A(), o)],
  ['reflectionMatrix', (o) => mml.reflectionMatrix(A(), o)],
  ['powerIteration', (o) => mml.powerIteration(A(), o)],
  ['pageRank', (o) => mml.pageRank(mml.linkMatrix([[0, 1], [1, 0]]), o)],
  ['randomLinkGraph', (o) => mml.randomLinkGraph(3, 4, o)],
  ['gradient', (o) => mml.gradient(f, [0, 0], o)],
  ['jacobian', (o) => mml.jacobian((x) => [x[0]], [0], o)],
  ['hessian', (o) => mml.hessian(f, [0, 0], o)],
  ['steepestStep', (o) => mml.steepestStep(o)],
  ['hybridStep', (o) => mml.hybridStep(o)],
  ['descend', (o) => mml.descend(f, [0, 0], mml.newtonStep(), o)],
  ['gradientDescent', (o) => mml.gradientDescent(f, [0, 0], o)],
  ['newtonRaphson', (o) => mml.newtonRaphson((x: number) => x * x - 2, undefined, 1, o)],
  ['fitGaussian', (o) => mml.fitGaussian([-1, 0, 1], [0.2, 0.4, 0.2], o)],
  ['cov', (o) => mml.cov(X(), o)],
  ['pairwiseDistances', (o) => mml.pairwiseDistances(X(), X(), o)],
  ['nearestNeighbors', (o) => mml.nearestNeighbors(X(), X(), 1, o)],
  ['knn', (o) => mml.knn(X(), [0, 1, 0, 1, 0], X(), 1, o)],
  ['pca', (o) => mml.pca(X(), o)],
  ['Mlp', (o) => new Mlp([2, 1], o)],
  ['Mlp.fromParameters', (o) => Mlp.fromParameters({ weights: [matrix([[1, 2]])], biases: [[0]] }, o)],
  ['Mlp.train', (o) => new Mlp([2, 1]).train(X(), X().toArray().map((r) => [r[0]]), o)],
  ['PcaAccumulator.finish', (o) => new PcaAccumulator().update(X()).finish(o)],
  ['PcaAccumulator.covariance', (o) => new PcaAccumulator().update(X()).covariance(o)],
  ['readCsv', (o) => mml.readCsv(csvPath, o)],
  ['readNpy', (o) => mml.readNpy(npyPath, o)],
  ['writeCsv', (o) => mml.writeCsv(join(dir, 'out.csv'), A(), o)],
];

const cases: Case[] = [
  ...withOptions.flatMap(([fn, call]): Case[] => [
    [`${fn}(…, null)`, () => call(bad(null)), OptionError, [`'${fn}: options'`, 'null']],
    [`${fn}(…, 'x')`, () => call(bad('x')), OptionError, [`'${fn}: options'`]],
    [`${fn}(…, [])`, () => call(bad([])), OptionError, [`'${fn}: options'`]],
  ]),
  // Async generators validate when first pulled.
  ['csvChunks(…, null)', () => drain(mml.csvChunks(csvPath, bad(null))), OptionError, ["'csvChunks: options'"]],
  ['npyChunks(…, null)', () => drain(mml.npyChunks(npyPath, bad(null))), OptionError, ["'npyChunks: options'"]],

  // null is not "use the default" for boolean and enum options.
  ['eigh vectors: null', () => mml.eigh(A(), { vectors: bad(null) }), OptionError, ["'vectors'", 'null']],
  ['eig vectors: null', () => mml.eig(A(), { vectors: bad(null) }), OptionError, ["'vectors'"]],
  ['svd vectors: null', () => mml.svd(A(), { vectors: bad(null) }), OptionError, ["'svd: vectors'"]],
  ['gramSchmidt reorthogonalize: null', () => mml.gramSchmidt(A(), { reorthogonalize: bad(null) }), OptionError, ["'reorthogonalize'"]],
  ['pageRank validate: null', () => mml.pageRank([[0, 1], [1, 0]], { validate: bad(null) }), OptionError, ["'validate'"]],
  ['rowEchelon strategy: null', () => mml.rowEchelon(A(), { strategy: bad(null) }), OptionError, ["'rowEchelon: strategy'"]],
  ['qr mode: null', () => mml.qr(A(), { mode: bad(null) }), OptionError, ["'mode'"]],
  ['pca method: null', () => mml.pca(X(), { method: bad(null) }), OptionError, ["'method'"]],
  ['Mlp init: null', () => new Mlp([2, 1], { init: bad(null) }), OptionError, ["'init'"]],
  ['readCsv header: null', () => mml.readCsv(csvPath, { header: bad(null) }), OptionError, ["'header'"]],

  // `finite` on the readers was coerced by truthiness.
  ['readCsv finite: 1', () => mml.readCsv(csvPath, { finite: bad(1) }), OptionError, ["'finite'", '1']],
  ['readCsv finite: "no"', () => mml.readCsv(csvPath, { finite: bad('no') }), OptionError, ["'finite'", '"no"']],
  ['readNpy finite: 0', () => mml.readNpy(npyPath, { finite: bad(0) }), OptionError, ["'finite'"]],
  ['csvChunks finite: {}', () => drain(mml.csvChunks(csvPath, { finite: bad({}) })), OptionError, ["'finite'"]],
  ['npyChunks finite: "yes"', () => drain(mml.npyChunks(npyPath, { finite: bad('yes') })), OptionError, ["'finite'"]],

  // Paths of the wrong type reached node:fs as a TypeError.
  ['readCsv(undefined)', () => mml.readCsv(bad(undefined)), OptionError, ["'readCsv: path'", 'undefined']],
  ['readNpy(3)', () => mml.readNpy(bad(3)), OptionError, ["'readNpy: path'", '3']],
  ['csvChunks(null)', () => drain(mml.csvChunks(bad(null))), OptionError, ["'csvChunks: path'"]],
  ['npyChunks({})', () => drain(mml.npyChunks(bad({}))), OptionError, ["'npyChunks: path'"]],
  ['writeNpy(undefined, A)', () => mml.writeNpy(bad(undefined), A()), OptionError, ["'writeNpy: path'"]],
  ['writeCsv("", A)', () => mml.writeCsv('', A()), OptionError, ["'writeCsv: path'"]],

  // writeCsv options were not checked: a string `labels` of the right length was split into
  // characters, any value became the delimiter, a falsy header was dropped.
  ['writeCsv labels: string', () => mml.writeCsv(join(dir, 'o.csv'), A(), { labels: bad('ab') }), OptionError, ["'labels'", '"ab"']],
  ['writeCsv labels: [1, 2]', () => mml.writeCsv(join(dir, 'o.csv'), A(), { labels: bad([1, 2]) }), OptionError, ["'labels[0]'"]],
  ['writeCsv header: 0', () => mml.writeCsv(join(dir, 'o.csv'), A(), { header: bad(0) }), OptionError, ["'header'", '0']],
  ['writeCsv delimiter: -1', () => mml.writeCsv(join(dir, 'o.csv'), A(), { delimiter: bad(-1) }), OptionError, ["'delimiter'", '-1']],
  ['writeCsv delimiter: ";;"', () => mml.writeCsv(join(dir, 'o.csv'), A(), { delimiter: ';;' }), OptionError, ["'delimiter'"]],
  ['writeCsv delimiter: quote', () => mml.writeCsv(join(dir, 'o.csv'), A(), { delimiter: '"' }), OptionError, ["'delimiter'"]],
  ['writeCsv header length', () => mml.writeCsv(join(dir, 'o.csv'), A(), { header: ['a'] }), ShapeError, ['1 names for 2 fields']],

  // Required counts: a missing one became 0 and the error blamed danglingFraction.
  ['randomLinkGraph(undefined, 4)', () => mml.randomLinkGraph(bad(undefined), 4), OptionError, ["'n'"]],
  ['randomLinkGraph(3, undefined)', () => mml.randomLinkGraph(3, bad(undefined)), OptionError, ["'edges'"]],

  // withBackend(name, notAFunction) threw "fn is not a function".
  ['withBackend("ts", undefined)', () => withBackend('ts', bad(undefined)), OptionError, ["'withBackend: fn'"]],
  ['withBackend("ts", 3)', () => withBackend('ts', bad(3)), OptionError, ["'withBackend: fn'", '3']],

  // Regression guards for what was already right: shapes named, positions given, options named.
  ['matmul 2×2 · 3×2', () => mml.matmul(A(), matrix([[1, 2], [3, 4], [5, 6]])), ShapeError, ['2×2', '3×2']],
  ['solve non-square', () => mml.solve(matrix([[1, 2, 3], [4, 5, 6]]), [1, 2]), ShapeError, ['2×3']],
  ['det ragged', () => mml.det([[1, 2], [3]]), ShapeError, ['ragged']],
  ['eigh NaN', () => mml.eigh([[1, 0], [NaN, 1]]), NonFiniteError, ['(1, 0)']],
  ['pca Inf', () => mml.pca([[1, 2], [3, Infinity], [4, 5]]), NonFiniteError, ['(1, 1)']],
  ['svd maxSweeps: 1.5', () => mml.svd(A(), { maxSweeps: 1.5 }), OptionError, ["'svd: maxSweeps'", '1.5']],
  ['gradientDescent tol: 0', () => mml.gradientDescent(f, [0, 0], { tol: 0 }), OptionError, ['tol', '0']],
  ['cov ddof: -1', () => mml.cov(X(), { ddof: -1 }), OptionError, ['ddof', '-1']],
  ['pca components: "3"', () => mml.pca(X(), { components: bad('3') }), OptionError, ['components', '"3"']],
  ['qr mode: "full"', () => mml.qr(A(), { mode: bad('full') }), OptionError, ["'mode'", '"full"']],
  ['PcaModel.transform wrong width', () => mml.pca(X()).transform([[1, 2, 3]]), ShapeError, ['3']],
];

/** The error `call` throws (sync or async), or undefined when it returns. */
async function thrown(call: Call): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  return undefined;
}

for (const backend of BACKENDS.filter((b) => b.available)) {
  describe(`input validation on ${backend.name}`, () => {
    it.each(cases)('%s', async (_what, call, errorClass, mentions) => {
      const e = await withBackend(backend.name, () => thrown(call));
      expect(e).toBeInstanceOf(errorClass);
      for (const m of mentions) expect((e as Error).message).toContain(m);
      // No output file appears for a refused call (and no temp file is left behind).
      expect(readdirSync(dir).sort()).toEqual(inputs);
    });
  });
}

describe('input validation is backend-independent', () => {
  it('every case throws the same class and message on every available backend', async () => {
    const available = BACKENDS.filter((b) => b.available).map((b) => b.name);
    for (const [what, call] of cases) {
      const seen = new Set<string>();
      for (const name of available) {
        const e = (await withBackend(name, () => thrown(call))) as Error;
        seen.add(`${e.constructor.name}: ${e.message}`);
      }
      expect([...seen], what).toHaveLength(1);
    }
  });

  it('a refused withBackend call leaves the backend as it was', () => {
    const before = mml.getBackend();
    expect(() => withBackend('ts', bad(undefined))).toThrow(OptionError);
    expect(mml.getBackend()).toBe(before);
  });
});
