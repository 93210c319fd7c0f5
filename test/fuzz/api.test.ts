/**
 * API fuzz (issue #9): every export of the Node entry × every available backend, called with
 * generated arguments — mostly plausible, often hostile (arbitraries.ts). The only allowed
 * outcomes are an MmlError or a correct-looking result:
 *   - no raw JS error (TypeError, RangeError, …) and no crash;
 *   - every Matrix in a result holds rows × cols entries;
 *   - no NaN out of all-finite input (outside the exports whose contract gives NaN);
 *   - the same outcome on every backend: the same error class, or results that agree (to a
 *     tolerance on the exports whose answer is unique; shapes and NaN positions elsewhere).
 * A new export is fuzzed automatically (with generic hostile arguments until it gets its own
 * generator in SPECS). The number of calls is printed.
 *
 * Budget: MMLKIT_FUZZ_RUNS runs per export (default 25: about 7 000 calls, a few seconds on the
 * reference machine); MMLKIT_FUZZ_RUNS=300 is the bigger local run. MMLKIT_FUZZ_SEED sets the
 * seed (default fixed, 'random' for a fresh one each run).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as api from '../../src/entry/node.js';
import { Matrix, MmlError, Mlp, PcaAccumulator, withBackend } from '../../src/entry/node.js';
import { BACKENDS } from '../helpers/backends.js';
import {
  STATEFUL, entry, forgedMatrix, hostile, matrixOf, objective, options, realFunction, scalarFunction, size, square, stepRule, vector,
  vectorFunction,
} from './arbitraries.js';

const RUNS = Number(process.env.MMLKIT_FUZZ_RUNS ?? 25);
/** A fixed seed keeps CI reproducible; MMLKIT_FUZZ_SEED=random draws one (printed on failure). */
const SEED_ENV = process.env.MMLKIT_FUZZ_SEED ?? '20261206';
const SEED = SEED_ENV === 'random' ? undefined : Number(SEED_ENV);
const backends = BACKENDS.filter((b) => b.available).map((b) => b.name);

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'ok.csv'), 'a,b,label\n1,2,x\n3,4,y\n5,7,x\n');
writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,2\n3\n1e400,nan\n');
writeFileSync(join(dir, 'junk.npy'), Buffer.from('\x93NUMPY\x01\x00\x10\x00{junk}          \n'));
mkdirSync(join(dir, 'a-directory'));
api.writeNpy(join(dir, 'ok.npy'), api.matrix([[1, 2], [3, 4], [5, 7]]));

/** Paths to read: good, malformed, missing, a directory, not a path at all. */
const readPath = fc.oneof(
  fc.constantFrom('ok.csv', 'bad.csv', 'ok.npy', 'junk.npy', 'missing.csv', 'a-directory').map((f) => join(dir, f)),
  hostile,
);
/** Paths to write: inside the temp folder only (a fuzz must not write anywhere else). */
const writePath = fc.oneof(
  fc.constantFrom('out.csv', 'out.npy', 'no-such-dir/x.csv', 'a-directory', 'ok.csv/x.npy').map((f) => join(dir, f)),
  fc.constantFrom('', undefined, null, 3),
);

/** A slot: the plausible value usually, a hostile one sometimes. */
const slot = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: hostile }, { weight: 1, arbitrary: forgedMatrix });
const M = slot(matrixOf());
const S = slot(square);
const V = slot(vector);
const MV = slot(fc.oneof(matrixOf(), vector));
const N = slot(entry);
const SIZE = size;
const K = slot(fc.integer({ min: 0, max: 4 }));
const args = (...slots: fc.Arbitrary<unknown>[]) => fc.tuple(...slots);

/** A call built from generated values: what to run, and how to show it when it fails. */
interface Call {
  run: () => unknown;
  /** The input values (for the all-finite test). */
  inputs: unknown[];
}
const fnCall = (fn: (...a: unknown[]) => unknown) => (a: unknown[]): Call => ({ run: () => fn(...a), inputs: a });
const ctorCall = (C: new (...a: unknown[]) => unknown) => (a: unknown[]): Call => ({ run: () => new C(...a), inputs: a });

const small = [[1, 2, 0.5], [3, 5, -1], [4, 4, 2], [6, 9, 0], [2, 1, 1.5]];
const fitted = () => api.pca(small, { components: 2 });
const net = () => new Mlp([3, 2, 1], { seed: 3 });

/**
 * Per-export generators. Methods of the classes are fuzzed through scenarios: a valid object,
 * then one method with generated arguments.
 */
const SPECS: Record<string, fc.Arbitrary<Call>> = {
  Matrix: fc.oneof(
    args(SIZE, SIZE, slot(fc.constant(undefined))).map(ctorCall(Matrix as never)),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 20 })).map(([r, c, len]) =>
      ctorCall(Matrix as never)([r, c, new Float64Array(len)]),
    ),
    args(M).map((a) => ({ run: () => Matrix.from(a[0] as never), inputs: a })),
    args(M, K, K).map((a) => ({ run: () => (api.matrix([[1, 2], [3, 4]]) as Matrix).get(a[1] as number, a[2] as number), inputs: [] })),
  ),
  matrix: args(M).map(fnCall(api.matrix as never)),
  zeros: args(SIZE, SIZE).map(fnCall(api.zeros as never)),
  eye: args(SIZE).map(fnCall(api.eye as never)),
  setBackend: args(slot(fc.constantFrom('auto', 'ts', 'wasm', 'native', 'cuda'))).map((a) => ({
    // Restores the choice: the fuzz runs each call under withBackend.
    run: () => withBackend(api.getBackend(), () => api.setBackend(a[0] as never)),
    inputs: a,
  })),
  withBackend: args(slot(fc.constantFrom('auto', 'ts', 'wasm', 'native', 'x')), slot(fc.constant(() => 42))).map(fnCall(api.withBackend as never)),
  matmul: args(MV, MV).map(fnCall(api.matmul as never)),
  transpose: args(M).map(fnCall(api.transpose as never)),
  add: args(MV, MV).map(fnCall(api.add as never)),
  sub: args(MV, MV).map(fnCall(api.sub as never)),
  scale: args(MV, N).map(fnCall(api.scale as never)),
  dot: args(V, V).map(fnCall(api.dot as never)),
  norm: args(MV).map(fnCall(api.norm as never)),
  outer: args(V, V).map(fnCall(api.outer as never)),
  eigh: args(S, options(['vectors', 'subsetByIndex'])).map(fnCall(api.eigh as never)),
  linkMatrix: fc.oneof(
    args(S).map(fnCall(api.linkMatrix as never)),
    args(slot(fc.array(fc.tuple(fc.integer({ min: -1, max: 5 }), fc.integer({ min: 0, max: 5 })), { maxLength: 8 })), slot(fc.integer({ min: 0, max: 6 }))).map(
      fnCall(api.linkMatrix as never),
    ),
  ),
  pageRank: args(S, options(['damping', 'tol', 'maxIter', 'scale', 'validate'])).map(fnCall(api.pageRank as never)),
  randomLinkGraph: args(SIZE, SIZE, options(['seed', 'danglingFraction'])).map(fnCall(api.randomLinkGraph as never)),
  rowEchelon: args(M, options(['tol', 'strategy'])).map(fnCall(api.rowEchelon as never)),
  isSingular: args(S, options(['tol', 'strategy'])).map(fnCall(api.isSingular as never)),
  rank: args(M, options(['tol', 'rtol'])).map(fnCall(api.rank as never)),
  det: args(S).map(fnCall(api.det as never)),
  slogdet: args(S).map(fnCall(api.slogdet as never)),
  inv: args(S, options(['tol'])).map(fnCall(api.inv as never)),
  solve: args(S, MV, options(['tol'])).map(fnCall(api.solve as never)),
  lu: args(M).map(fnCall(api.lu as never)),
  cholesky: args(S).map(fnCall(api.cholesky as never)),
  svd: args(M, options(['vectors', 'full', 'maxSweeps'])).map(fnCall(api.svd as never)),
  pinv: args(M, options(['rcond'])).map(fnCall(api.pinv as never)),
  cond: args(M).map(fnCall(api.cond as never)),
  gramSchmidt: args(M, options(['tol', 'reorthogonalize'])).map(fnCall(api.gramSchmidt as never)),
  qr: args(M, options(['mode'])).map(fnCall(api.qr as never)),
  changeBasis: args(S, S).map(fnCall(api.changeBasis as never)),
  reflectionMatrix: args(S, options(['tol'])).map(fnCall(api.reflectionMatrix as never)),
  transformPoints: args(S, M).map(fnCall(api.transformPoints as never)),
  eig: args(S, options(['vectors', 'maxIter'])).map(fnCall(api.eig as never)),
  powerIteration: args(S, options(['tol', 'maxIter', 'x0', 'seed'])).map(fnCall(api.powerIteration as never)),
  gaussianPdf: args(slot(fc.oneof(entry, vector)), N, N).map(fnCall(api.gaussianPdf as never)),
  gaussianPdfGradient: args(slot(fc.oneof(entry, vector)), N, N).map(fnCall(api.gaussianPdfGradient as never)),
  fitGaussian: args(V, V, options(['mu', 'sigma', 'learningRate', 'steps'])).map(fnCall(api.fitGaussian as never)),
  chi2Surface: args(V, V, V, V).map(fnCall(api.chi2Surface as never)),
  gradient: args(slot(scalarFunction), V, options(['h'])).map(fnCall(api.gradient as never)),
  jacobian: args(slot(vectorFunction), V, options(['h'])).map(fnCall(api.jacobian as never)),
  hessian: args(slot(scalarFunction), V, options(['h'])).map(fnCall(api.hessian as never)),
  steepestStep: args(options(['learningRate'])).map(fnCall(api.steepestStep as never)),
  newtonStep: args().map(fnCall(api.newtonStep as never)),
  hybridStep: args(options(['learningRate', 'maxNorm'])).map(fnCall(api.hybridStep as never)),
  descend: args(objective, V, stepRule, options(['maxSteps', 'tol', 'stepTol', 'bounds', 'minimum'])).map(fnCall(api.descend as never)),
  gradientDescent: args(objective, V, options(['learningRate', 'maxIter', 'tol'])).map(fnCall(api.gradientDescent as never)),
  newtonRaphson: fc.oneof(
    args(slot(realFunction), slot(fc.constantFrom(undefined, (x: number) => 2 * x)), N, options(['tol', 'maxIter'])).map(fnCall(api.newtonRaphson as never)),
    args(slot(vectorFunction), fc.constant(undefined), V, options(['tol', 'maxIter'])).map(fnCall(api.newtonRaphson as never)),
  ),
  sandpit: args(slot(fc.integer({ min: -2, max: 50 }))).map((a) => ({ run: () => api.sandpit.random(a[0] as number), inputs: a })),
  mean: args(M).map(fnCall(api.mean as never)),
  cov: args(M, options(['ddof'])).map(fnCall(api.cov as never)),
  affineMean: args(V, M, slot(fc.oneof(vector, fc.constant(undefined)))).map(fnCall(api.affineMean as never)),
  affineCov: args(S, M).map(fnCall(api.affineCov as never)),
  distance: args(V, V).map(fnCall(api.distance as never)),
  angle: args(V, V).map(fnCall(api.angle as never)),
  pairwiseDistances: args(M, slot(fc.oneof(matrixOf(), fc.constant(undefined))), options(['squared', 'exact'])).map(fnCall(api.pairwiseDistances as never)),
  nearestNeighbors: args(M, M, K, options(['exact'])).map(fnCall(api.nearestNeighbors as never)),
  knn: args(M, V, M, K, options(['exact'])).map(fnCall(api.knn as never)),
  projectionMatrix: args(MV).map(fnCall(api.projectionMatrix as never)),
  project: args(MV, MV).map(fnCall(api.project as never)),
  leastSquares: args(M, MV).map(fnCall(api.leastSquares as never)),
  mse: args(MV, MV).map(fnCall(api.mse as never)),
  standardize: args(M).map(fnCall(api.standardize as never)),
  sigmoid: args(slot(fc.oneof(entry, vector, matrixOf()))).map(fnCall(api.sigmoid as never)),
  sigmoidPrime: args(slot(fc.oneof(entry, vector, matrixOf()))).map(fnCall(api.sigmoidPrime as never)),
  Mlp: fc.oneof(
    args(slot(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), size), { maxLength: 4 })), options(['activation', 'outputActivation', 'init', 'seed'])).map(ctorCall(Mlp as never)),
    args(M, M, options(['iterations', 'learningRate', 'noise', 'seed'])).map((a) => ({ run: () => net().train(a[0] as never, a[1] as never, a[2] as never), inputs: a.slice(0, 2) })),
    args(M, M, N).map((a) => ({ run: () => net().step(a[0] as never, a[1] as never, a[2] as never), inputs: a })),
    args(MV).map((a) => ({ run: () => net().forward(a[0] as never), inputs: a })),
    args(M, M).map((a) => ({ run: () => net().gradients(a[0] as never, a[1] as never), inputs: a })),
    args(slot(fc.constantFrom(() => net().toJSON(), () => ({ layerSizes: [2, 1] }), () => null).map((f) => f()))).map((a) => ({
      run: () => Mlp.fromJSON(a[0] as never),
      inputs: [],
    })),
    args(slot(fc.constant({ weights: [[[1, 2]]], biases: [[0]] })), options(['activation', 'outputActivation'])).map((a) => ({
      run: () => Mlp.fromParameters(a[0] as never, a[1] as never),
      inputs: [],
    })),
  ),
  pca: args(M, options(['components', 'whiten', 'method'])).map(fnCall(api.pca as never)),
  PcaModel: fc.oneof(
    args(M).map((a) => ({ run: () => fitted().transform(a[0] as never), inputs: a })),
    args(M).map((a) => ({ run: () => fitted().inverseTransform(a[0] as never), inputs: a })),
    args(M).map((a) => ({ run: () => fitted().reconstruct(a[0] as never), inputs: a })),
    args(slot(fc.constantFrom(() => fitted().toJSON(), () => JSON.stringify(fitted()), () => ({ ...fitted().toJSON(), nComponents: 9 }), () => '{').map((f) => f()))).map((a) => ({
      run: () => api.PcaModel.fromJSON(a[0]),
      inputs: [],
    })),
    args(hostile).map((a) => ({ run: () => new api.PcaModel(a[0] as never), inputs: [] })),
  ),
  PcaAccumulator: fc.oneof(
    args(slot(fc.oneof(size, fc.constant(undefined)))).map(ctorCall(PcaAccumulator as never)),
    args(M, M, options(['components', 'whiten'])).map((a) => ({
      run: () => new PcaAccumulator().update(a[0] as never).update(a[1] as never).finish(a[2] as never),
      inputs: a.slice(0, 2),
    })),
    args(M, options(['ddof'])).map((a) => ({ run: () => new PcaAccumulator().update(a[0] as never).covariance(a[1] as never), inputs: [a[0]] })),
    args(M, slot(fc.constant(new PcaAccumulator()))).map((a) => ({ run: () => new PcaAccumulator().update(a[0] as never).merge(a[1] as never), inputs: [a[0]] })),
    args(slot(fc.constantFrom(() => new PcaAccumulator().update(small).toJSON(), () => ({ format: 'mmlkit-pca-accumulator' }), () => 'x').map((f) => f()))).map((a) => ({
      run: () => PcaAccumulator.fromJSON(a[0]),
      inputs: [],
    })),
  ),
  readCsv: args(readPath, options(['columns', 'labelColumn', 'delimiter', 'header', 'finite'])).map(fnCall(api.readCsv as never)),
  csvChunks: args(readPath, options(['columns', 'labelColumn', 'delimiter', 'header', 'finite', 'chunkRows'])).map(fnCall(api.csvChunks as never)),
  CsvChunk: args(SIZE, SIZE, slot(fc.constant(new Float64Array(4))), slot(fc.constant(['a']))).map(ctorCall(api.CsvChunk as never)),
  writeCsv: args(writePath, M, options(['header', 'labels', 'delimiter'])).map(fnCall(api.writeCsv as never)),
  readNpy: args(readPath, options(['finite'])).map(fnCall(api.readNpy as never)),
  npyChunks: args(readPath, options(['finite', 'chunkRows'])).map(fnCall(api.npyChunks as never)),
  writeNpy: args(writePath, M).map(fnCall(api.writeNpy as never)),
};

/** Exports whose answer is unique, compared across backends to a tolerance (others: shapes and NaN positions). */
const COMPARE_VALUES = new Set([
  'matmul', 'transpose', 'add', 'sub', 'scale', 'dot', 'norm', 'outer', 'det', 'slogdet', 'inv', 'solve', 'mean', 'cov',
  'pairwiseDistances', 'distance', 'angle', 'projectionMatrix', 'pinv', 'leastSquares', 'mse', 'standardize', 'sigmoid',
  'knn', 'rank', 'isSingular', 'gaussianPdf', 'affineMean', 'affineCov', 'changeBasis', 'transformPoints', 'cholesky', 'chi2Surface',
]);
/** Exports whose contract gives NaN from finite input (NaN-separated points, mean of no rows, …). */
const NAN_BY_CONTRACT = new Set(['mean', 'mse', 'sandpit', 'PcaAccumulator', 'angle', 'fitGaussian', 'descend', 'gradientDescent', 'newtonRaphson', 'gradient', 'jacobian', 'hessian', 'cond']);

/**
 * Products and element-wise maps follow IEEE (the NaN policy): with entries past 1e150 their
 * intermediate sums overflow, ∞ − ∞ gives NaN, and where that happens depends on summation
 * order (gemm blocking differs by backend). For these, extreme inputs are compared only where
 * both results are finite.
 */
const IEEE_OVERFLOW = new Set([
  'matmul', 'affineCov', 'affineMean', 'changeBasis', 'transformPoints', 'outer', 'dot', 'scale', 'add', 'sub', 'cov', 'mse',
  'chi2Surface', 'gaussianPdf', 'gaussianPdfGradient', 'sigmoidPrime', 'transpose', 'project', 'PcaAccumulator',
]);
const extreme = (inputs: unknown[]) => inputs.some((x) => numbers(x).some((v) => Math.abs(v) >= 1e150));

/**
 * Rank-revealing answers. When the entries of the input span more than 1/ε (1e300 beside 10, a
 * subnormal beside 9), whether a pivot or singular value is "zero" is below the error bound of
 * any backward-stable method: native LAPACK may find det 1e-27 where ts finds an exact zero
 * pivot. For such inputs these exports may differ by a value against SingularMatrixError or in
 * the value itself; both outcomes stay checked for being typed and well-formed.
 */
const RANK_REVEALING = new Set(['rank', 'det', 'slogdet', 'cond', 'isSingular', 'inv', 'solve', 'pinv', 'rowEchelon', 'lu', 'leastSquares', 'projectionMatrix', 'project', 'reflectionMatrix', 'changeBasis', 'gramSchmidt', 'cholesky', 'qr', 'svd', 'eigh', 'eig', 'pca', 'PcaAccumulator', 'powerIteration', 'pageRank', 'knn', 'nearestNeighbors']);
function wideRange(inputs: unknown[]): boolean {
  const mags = inputs.flatMap((x) => numbers(x)).filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  return mags.length > 0 && Math.max(...mags) / Math.min(...mags) > 1 / Number.EPSILON;
}

/** Generic hostile arguments for an export without a generator of its own. */
const generic = (value: unknown): fc.Arbitrary<Call> =>
  fc.array(fc.oneof(hostile, matrixOf(), vector, size), { maxLength: 4 }).map((a) =>
    typeof value === 'function'
      ? { run: () => (/^[A-Z]/.test((value as { name: string }).name) ? new (value as new (...x: unknown[]) => unknown)(...a) : (value as (...x: unknown[]) => unknown)(...a)), inputs: a }
      : { run: () => value, inputs: [] },
  );

type Outcome = { kind: 'error'; error: unknown } | { kind: 'value'; value: unknown };

async function outcome(call: Call, backend: api.BackendName): Promise<Outcome> {
  try {
    let value = withBackend(backend, call.run);
    if (value instanceof Promise) value = await value;
    if (value !== null && typeof value === 'object' && Symbol.asyncIterator in value) {
      const items: unknown[] = [];
      for await (const item of value as AsyncIterable<unknown>) items.push(item);
      value = items;
    }
    return { kind: 'value', value };
  } catch (error) {
    return { kind: 'error', error };
  }
}

/** Every number in a value (Matrix data, typed arrays, arrays, plain objects), depth-first. */
function numbers(value: unknown, out: number[] = [], seen = new Set<unknown>()): number[] {
  if (typeof value === 'number') out.push(value);
  else if (value instanceof Matrix) numbers(value.data, out, seen);
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) for (const v of Array.from(value as unknown as ArrayLike<number | bigint>)) out.push(Number(v));
  else if (Array.isArray(value)) for (const v of value) numbers(v, out, seen);
  else if (value !== null && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const v of Object.values(value)) numbers(v, out, seen);
  }
  return out;
}

/** Matrices in a value whose data length is not rows × cols (a broken invariant). */
function brokenMatrices(value: unknown, seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if (value instanceof Matrix) return value.data.length === value.rows * value.cols ? [] : [`${value.rows}×${value.cols} holding ${value.data.length}`];
  if (ArrayBuffer.isView(value)) return [];
  return Object.values(value).flatMap((v) => brokenMatrices(v, seen));
}

function allFinite(inputs: unknown[]): boolean {
  for (const x of inputs) {
    if (typeof x === 'function' || typeof x === 'symbol' || typeof x === 'bigint') return false;
    if (x instanceof Matrix) {
      // A forged matrix is not "finite input": it is refused, or its data is what counts.
      if (!(x.data instanceof Float64Array) || x.data.length !== x.rows * x.cols) return false;
    }
    if (!numbers(x).every(Number.isFinite)) return false;
  }
  return true;
}

function shapeOf(value: unknown): string {
  const nums = numbers(value);
  return `${nums.length}:${nums.map((v) => (Number.isNaN(v) ? 'n' : Number.isFinite(v) ? '.' : 'i')).join('')}`;
}

/**
 * Comparisons of their own: cond past 1/ε is within the SVD's error bound whatever its value
 * (s_min is below ε·s_max), ∞ included.
 */
const SAME: Record<string, (a: unknown, b: unknown) => boolean> = {
  cond: (a, b) => (Number(a) > 1 / Number.EPSILON && Number(b) > 1 / Number.EPSILON) || agree(a, b),
};

/** Same length and values to 1e-7 of the largest; with `finiteOnly`, non-finite pairs are skipped. */
function agree(a: unknown, b: unknown, finiteOnly = false): boolean {
  const x = numbers(a);
  const y = numbers(b);
  if (x.length !== y.length) return false;
  const scale = Math.max(1, ...x.filter(Number.isFinite).map(Math.abs));
  return x.every(
    (v, i) =>
      Object.is(v, y[i]) || (Number.isNaN(v) && Number.isNaN(y[i])) || Math.abs(v - y[i]) <= 1e-7 * scale || v === y[i] ||
      (finiteOnly && (!Number.isFinite(v) || !Number.isFinite(y[i]))),
  );
}

const tally = { calls: 0, mmlErrors: 0, values: 0, skippedComparisons: 0, raw: [] as string[], wrong: [] as string[] };

/** A short rendering of values for failure reports. */
function show(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_, v) =>
      v instanceof Matrix ? { Matrix: [v.rows, v.cols], data: ArrayBuffer.isView(v.data) ? Array.from(v.data as Float64Array) : v.data } : ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function' ? String(v) : v,
    );
    return text.length > 400 ? `${text.slice(0, 400)}…` : text;
  } catch {
    return String(value);
  }
}

function label(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message.slice(0, 160)}` : String(error);
}

/** Checks one call on every backend; records problems instead of throwing (so all are listed). */
async function check(name: string, call: Call): Promise<void> {
  const results: [api.BackendName, Outcome][] = [];
  for (const backend of backends) {
    const o = await outcome(call, backend);
    tally.calls++;
    results.push([backend, o]);
    if (o.kind === 'error') {
      if (o.error instanceof MmlError) tally.mmlErrors++;
      else tally.raw.push(`${name} on ${backend}: ${label(o.error)}${o.error instanceof Error ? `\n    ${o.error.stack?.split('\n').slice(1, 4).join('\n    ')}` : ''}`);
      continue;
    }
    tally.values++;
    // An error object built by the fuzz (the error classes are exports too) carries its inputs.
    const broken = o.value instanceof Error ? [] : brokenMatrices(o.value);
    if (broken.length) tally.wrong.push(`${name} on ${backend}: Matrix ${broken[0]}`);
    const overflowing = IEEE_OVERFLOW.has(name) && extreme(call.inputs);
    // pageRank(L, { validate: false }) on a bad L "gives meaningless ranks" by its contract.
    const unchecked = name === 'pageRank' && (call.inputs[1] as { validate?: unknown } | undefined)?.validate === false;
    if (!NAN_BY_CONTRACT.has(name) && !overflowing && !unchecked && allFinite(call.inputs) && numbers(o.value).some(Number.isNaN)) {
      tally.wrong.push(`${name} on ${backend}: NaN in the result of all-finite input ${show(call.inputs)}`);
    }
  }
  const [first, ...rest] = results;
  if (call.inputs.some((x) => x !== null && typeof x === 'object' && STATEFUL in x)) return;
  if (RANK_REVEALING.has(name) && wideRange(call.inputs)) {
    tally.skippedComparisons++;
    return;
  }
  const shown = () => ` — inputs ${show(call.inputs)}`;
  for (const [backend, o] of rest) {
    const f = first[1];
    if (f.kind !== o.kind) {
      tally.wrong.push(`${name}: ${first[0]} ${f.kind === 'error' ? label(f.error) : 'returned'} but ${backend} ${o.kind === 'error' ? label(o.error) : 'returned'}${shown()}`);
    } else if (f.kind === 'error' && o.kind === 'error') {
      if ((f.error as Error)?.constructor !== (o.error as Error)?.constructor) tally.wrong.push(`${name}: ${first[0]} ${label(f.error)} but ${backend} ${label(o.error)}${shown()}`);
    } else if (f.kind === 'value' && o.kind === 'value') {
      const same = SAME[name]
        ? SAME[name](f.value, o.value)
        : IEEE_OVERFLOW.has(name) && extreme(call.inputs)
          ? agree(f.value, o.value, true)
          : COMPARE_VALUES.has(name)
            ? agree(f.value, o.value)
            : shapeOf(f.value) === shapeOf(o.value);
      if (!same) tally.wrong.push(`${name}: ${first[0]} and ${backend} disagree: ${show(f.value)} vs ${show(o.value)}${shown()}`);
    }
  }
}

const exported = Object.keys(api).sort();

describe(`API fuzz: ${exported.length} exports × ${backends.join(', ')} (${RUNS} runs each)`, () => {
  it('every export is fuzzed; raw JS errors and wrong answers: none', async () => {
    for (const name of exported) {
      const value = (api as Record<string, unknown>)[name];
      const arbitrary = SPECS[name] ?? generic(value);
      await fc.assert(
        fc.asyncProperty(arbitrary, async (call) => {
          await check(name, call);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    const unique = (xs: string[]) => [...new Set(xs)];
    console.log(
      `API fuzz: ${tally.calls} calls (${exported.length} exports × ${backends.length} backends × ${RUNS} runs): ` +
        `${tally.values} results, ${tally.mmlErrors} MmlErrors, ${tally.raw.length} raw JS errors, ${tally.wrong.length} wrong answers` +
        ` (${tally.skippedComparisons} rank-revealing calls on inputs spanning > 1/ε not compared across backends)` +
        `; exports on generic arguments: ${exported.filter((n) => !SPECS[n]).join(', ') || 'none'}`,
    );
    for (const line of [...unique(tally.raw), ...unique(tally.wrong)]) console.log(`  ${line}`);
    expect(unique(tally.raw), 'raw JS errors').toEqual([]);
    expect(unique(tally.wrong), 'wrong answers').toEqual([]);
  });
});
