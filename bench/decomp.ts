/**
 * The decompositions and what is built on them — lu, solve, inv, det, qr, svd, eigh,
 * cholesky — on every backend at n = 300, 1000, 2000, beside ml-matrix and numpy (both the
 * best-kernel `numpy` and the environment's `numpy-env`, see anchors/numpy.ts).
 *
 * The facade function is looked up by name at run time: `lu` and `cholesky` are new public
 * functions, and on a build that does not export one its mmlkit rows are skipped with a note.
 * With the default sizes ts, wasm and ml-matrix run only up to n = 1000 (they take seconds to
 * minutes at 2000); any case whose one call is predicted above the harness cap is skipped.
 */
import * as mmlkit from '../src/entry/node.js';
import { backends, Matrix, matmul, transpose, withBackend } from '../src/entry/node.js';
import { randomMatrix } from '../src/random.js';
import { loadMlMatrix, type MlMatrixModule } from './anchors/ml-matrix.js';
import { numpyCases, type BenchCase } from './harness.js';

export const DECOMP_SIZES = [300, 1000, 2000];
/** With the default sizes, these implementations stop at n = CAPPED_MAX_N. */
export const CAPPED_IMPLS = new Set(['ts', 'wasm', 'ml-matrix']);
export const CAPPED_MAX_N = 1000;

type MlMatrix = InstanceType<MlMatrixModule['Matrix']>;

interface Inputs {
  a: Matrix;
  b?: Float64Array;
}

export interface DecompSpec {
  /** The facade function, looked up by name (it may not exist on this build). */
  fn: string;
  /** What the row times, in words (shown in the table header). */
  what: string;
  flops: (n: number) => number;
  input: (n: number) => Inputs;
  call: (f: (...args: unknown[]) => unknown, x: Inputs) => unknown;
  /** The same job in ml-matrix, on prepared ml-matrix inputs. */
  ml?: (ml: MlMatrixModule, a: MlMatrix, b: MlMatrix | undefined) => unknown;
  numpy: { setup: (n: number) => string; stmt: string; note?: string };
  /** More cases at size n, after the main ones (e.g. eigh's top-10 subset). */
  extra?: (n: number, x: Inputs, base: { size: string; n: number; flops: number }, want: (impl: string) => boolean) => BenchCase[];
}

const general = (n: number): Inputs => ({ a: randomMatrix(n, n, 1) });
const npGeneral = (n: number) => `a = rng.random((${n}, ${n})) - 0.5`;

/** A random symmetric matrix (B + Bᵀ)/2 with entries in [-0.5, 0.5). */
export function randomSymmetric(n: number, seed: number): Matrix {
  const b = randomMatrix(n, n, seed);
  const s = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.data[i * n + j] = 0.5 * (b.data[i * n + j] + b.data[j * n + i]);
  return s;
}

/** B·Bᵀ + n·I: symmetric positive definite, well conditioned. */
function randomSpd(n: number, seed: number): Matrix {
  const b = randomMatrix(n, n, seed);
  const s = matmul(b, transpose(b));
  for (let i = 0; i < n; i++) s.data[i * n + i] += n;
  return s;
}

export const DECOMPS: Record<string, DecompSpec> = {
  lu: {
    fn: 'lu',
    what: 'lu(A) -> {p, l, u}; numpy row is scipy.linalg.lu (same outputs)',
    flops: (n) => (2 / 3) * n ** 3,
    input: general,
    call: (f, x) => f(x.a),
    ml: (ml, a) => {
      const d = new ml.LuDecomposition(a);
      return [d.lowerTriangularMatrix, d.upperTriangularMatrix, d.pivotPermutationVector];
    },
    numpy: { setup: (n) => `import scipy.linalg as sla\n${npGeneral(n)}`, stmt: 'sla.lu(a)', note: 'scipy.linalg.lu' },
  },
  solve: {
    fn: 'solve',
    what: 'solve(A, b), one right-hand side',
    flops: (n) => (2 / 3) * n ** 3 + 2 * n * n,
    input: (n) => ({ a: randomMatrix(n, n, 1), b: randomMatrix(n, 1, 2).data }),
    call: (f, x) => f(x.a, x.b),
    ml: (ml, a, b) => ml.solve(a, b!),
    numpy: { setup: (n) => `${npGeneral(n)}; b = rng.random(${n}) - 0.5`, stmt: 'np.linalg.solve(a, b)' },
  },
  inv: {
    fn: 'inv',
    what: 'inv(A)',
    flops: (n) => 2 * n ** 3,
    input: general,
    call: (f, x) => f(x.a),
    ml: (ml, a) => ml.inverse(a),
    numpy: { setup: npGeneral, stmt: 'np.linalg.inv(a)' },
  },
  det: {
    fn: 'det',
    what: 'det(A)',
    flops: (n) => (2 / 3) * n ** 3,
    input: general,
    call: (f, x) => f(x.a),
    ml: (ml, a) => ml.determinant(a),
    numpy: { setup: npGeneral, stmt: 'np.linalg.det(a)' },
  },
  qr: {
    fn: 'qr',
    what: 'qr(A), reduced, Q formed (geqrf + orgqr flops)',
    flops: (n) => (8 / 3) * n ** 3,
    input: general,
    call: (f, x) => f(x.a),
    ml: (ml, a) => {
      const d = new ml.QrDecomposition(a);
      return [d.orthogonalMatrix, d.upperTriangularMatrix];
    },
    numpy: { setup: npGeneral, stmt: 'np.linalg.qr(a)' },
  },
  svd: {
    fn: 'svd',
    what: 'svd(A), values and vectors',
    flops: () => 0,
    input: general,
    call: (f, x) => f(x.a),
    ml: (ml, a) => new ml.SingularValueDecomposition(a),
    numpy: { setup: npGeneral, stmt: 'np.linalg.svd(a, full_matrices=False)' },
  },
  eigh: {
    fn: 'eigh',
    what: 'eigh(A), values and vectors, A = (B + Bᵀ)/2',
    flops: () => 0,
    input: (n) => ({ a: randomSymmetric(n, 3) }),
    call: (f, x) => f(x.a),
    ml: (ml, a) => new ml.EigenvalueDecomposition(a, { assumeSymmetric: true }),
    numpy: { setup: (n) => `b = rng.random((${n}, ${n})) - 0.5; a = (b + b.T) / 2`, stmt: 'np.linalg.eigh(a)' },
    extra: eighTop10,
  },
  cholesky: {
    fn: 'cholesky',
    what: 'cholesky(A), A = B·Bᵀ + n·I',
    flops: (n) => (1 / 3) * n ** 3,
    input: (n) => ({ a: randomSpd(n, 1) }),
    call: (f, x) => f(x.a),
    ml: (ml, a) => new ml.CholeskyDecomposition(a).lowerTriangularMatrix,
    numpy: { setup: (n) => `b = rng.random((${n}, ${n})) - 0.5; a = b @ b.T + ${n} * np.eye(${n})`, stmt: 'np.linalg.cholesky(a)' },
  },
};

/**
 * The top 10 pairs only (truncated PCA's call): eigh's `subsetByIndex` on each backend, beside
 * scipy.linalg.eigh's `subset_by_index` (dsyevr). Skipped with a note on a build whose eigh has
 * no subset option.
 */
function eighTop10(n: number, x: Inputs, base: { size: string; n: number; flops: number }, want: (impl: string) => boolean): BenchCase[] {
  if (n < 10) return [];
  const top = [n - 10, n - 1] as const;
  const eigh = facadeFunction('eigh')!;
  const supported = subsetSupported();
  const cases: BenchCase[] = [];
  for (const { name: backend, available } of backends()) {
    const impl = `${backend} top-10`;
    if (!available || !want(impl)) continue;
    if (!supported) cases.push({ ...base, impl, fn: () => undefined, skip: 'skipped: eigh has no subsetByIndex option in this build' });
    else cases.push({ ...base, impl, fn: () => withBackend(backend, () => eigh(x.a, { subsetByIndex: top })) });
  }
  if (want('scipy top-10')) {
    cases.push({
      ...base,
      impl: 'scipy top-10',
      fn: () => undefined,
      python: {
        variant: 'numpy',
        setup: `import scipy.linalg\nb = rng.random((${n}, ${n})) - 0.5; a = (b + b.T) / 2`,
        stmt: `scipy.linalg.eigh(a, subset_by_index=[${n - 10}, ${n - 1}])`,
      },
      note: 'scipy.linalg.eigh subset_by_index',
    });
  }
  return cases;
}

/** Whether eigh takes `subsetByIndex` (and returns only that many pairs). */
function subsetSupported(): boolean {
  try {
    const r = facadeFunction('eigh')!([[2, 1], [1, 2]], { subsetByIndex: [1, 1] }) as { values: Float64Array };
    return r.values.length === 1;
  } catch {
    return false;
  }
}

/** The facade function named `fn`, or undefined when this build does not export it. */
export function facadeFunction(fn: string): ((...args: unknown[]) => unknown) | undefined {
  const f = (mmlkit as unknown as Record<string, unknown>)[fn];
  return typeof f === 'function' ? (f as (...args: unknown[]) => unknown) : undefined;
}

/** Notes printed above the table: what is timed and which rows are left out and why. */
export function decompNotes(name: string, sizesGiven: boolean): string[] {
  const spec = DECOMPS[name];
  const notes = [`times ${spec.what}`];
  if (!facadeFunction(spec.fn)) notes.push(`mmlkit rows skipped: this build does not export ${spec.fn}()`);
  if (!sizesGiven) notes.push(`default sizes: ${[...CAPPED_IMPLS].join(', ')} run only up to n=${CAPPED_MAX_N} (choose with --sizes)`);
  return notes;
}

export async function decompCases(name: string, sizes: number[], impls: Set<string> | undefined, sizesGiven: boolean): Promise<BenchCase[]> {
  const spec = DECOMPS[name];
  const want = (impl: string) => !impls || impls.has(impl);
  const capped = (impl: string, n: number) => !sizesGiven && CAPPED_IMPLS.has(impl) && n > CAPPED_MAX_N;
  const ml = want('ml-matrix') ? await loadMlMatrix() : undefined;
  const f = facadeFunction(spec.fn);
  const cases: BenchCase[] = [];
  for (const n of sizes) {
    const size = `n=${n}`;
    const base = { size, n, flops: spec.flops(n) };
    const x = spec.input(n);
    for (const { name: backend, available } of backends()) {
      if (!available || !want(backend) || capped(backend, n)) continue;
      if (!f) cases.push({ ...base, impl: backend, fn: () => undefined, skip: `skipped: ${spec.fn}() is not exported by this build` });
      else cases.push({ ...base, impl: backend, fn: () => withBackend(backend, () => spec.call(f, x)) });
    }
    if (ml && spec.ml && !capped('ml-matrix', n)) {
      const ma = new ml.Matrix(x.a.toArray());
      const mb = x.b ? ml.Matrix.columnVector(Array.from(x.b)) : undefined;
      const job = spec.ml;
      cases.push({ ...base, impl: 'ml-matrix', fn: () => job(ml, ma, mb) });
    }
    cases.push(...numpyCases(base, want, spec.numpy.setup(n), spec.numpy.stmt, spec.numpy.note ? { note: spec.numpy.note } : {}));
    // Extra rows follow the same default-size cap as their backend ("ts top-10" as "ts").
    if (spec.extra) cases.push(...spec.extra(n, x, base, (impl) => want(impl) && !capped(impl.split(' ')[0], n)));
  }
  return cases;
}
