/**
 * fast-check arbitraries for the API fuzz (test/fuzz/api.test.ts): valid-looking values of each
 * argument kind, mixed with the hostile values issue #9 tried — wrong types, null/undefined,
 * NaN/±Inf, forged Matrix objects (fields reassigned, getters, a shrunk resizable buffer, a
 * typed array of another type posing as Float64Array), huge, zero, negative and fractional
 * sizes, and options objects with unknown names.
 */
import fc from 'fast-check';
import { Matrix, hybridStep, newtonStep, sandpit, steepestStep } from '../../src/entry/node.js';

/** Marks a forgery whose fields change as they are read: backends see different values, by design. */
export const STATEFUL = Symbol('stateful');

const Resizable = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };

/** Finite entries most of the time; NaN/±Inf and extreme magnitudes now and then. */
export const entry = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: -9, max: 9 }) },
  { weight: 6, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e300, -1e300, 5e-324, -0, 1e154) },
);

const dims = fc.integer({ min: 0, max: 5 });

function nested(rows: number, cols: number, value = entry): fc.Arbitrary<number[][]> {
  return fc.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
}

/** A well-formed Matrix or nested array of r × c (sizes drawn when not given). */
export function matrixOf(rows?: number, cols?: number): fc.Arbitrary<unknown> {
  const shape = fc.tuple(rows === undefined ? dims : fc.constant(rows), cols === undefined ? dims : fc.constant(cols));
  return shape.chain(([r, c]) =>
    nested(r, c).chain((a) =>
      fc.constantFrom(
        () => a,
        () => new Matrix(r, c, Float64Array.from(a.flat())),
      ).map((make) => make()),
    ),
  );
}

export const square = dims.chain((n) => matrixOf(n, n));
export const vector = fc.array(entry, { maxLength: 6 }).chain((a) => fc.constantFrom(a, Float64Array.from(a)));

/** Matrix objects that lie about themselves. Each call builds a fresh one. */
export const forgedMatrix: fc.Arbitrary<unknown> = fc.constantFrom(
  () => Object.assign(new Matrix(2, 2, new Float64Array([1, 2, 3, 4])), { rows: 3 }), // claims more rows
  () => Object.assign(new Matrix(2, 2, new Float64Array([1, 2, 3, 4])), { data: new Float64Array(3) }),
  () => Object.assign(new Matrix(2, 2, new Float64Array([1, 2, 3, 4])), { rows: 1e6, cols: 1e6 }),
  () => Object.assign(new Matrix(2, 2, new Float64Array([1, 2, 3, 4])), { cols: -1, rows: -4 }),
  () => Object.assign(new Matrix(2, 2, new Float64Array([1, 2, 3, 4])), { rows: 1.5 }),
  () => Object.assign(new Matrix(2, 2, new Float64Array([1, 2, 3, 4])), { data: [1, 2, 3, 4] }),
  () => Object.assign(new Matrix(2, 2, new Float64Array([1, 2, 3, 4])), { data: new Float32Array(4) }),
  () => {
    const buffer = new Resizable(40 * 40 * 8, { maxByteLength: 40 * 40 * 8 });
    const m = new Matrix(40, 40, new Float64Array(buffer).fill(1));
    buffer.resize(8);
    return m;
  },
  () => {
    const m = new Matrix(2, 2, new Float64Array([1, 2, 3, 4]));
    let reads = 0;
    Object.defineProperty(m, 'rows', { get: () => (reads++ % 2 === 0 ? 2 : 400) });
    return Object.assign(m, { [STATEFUL]: true });
  },
  () => {
    const ints = new Int32Array([1, 2, 3, 4]);
    Object.setPrototypeOf(ints, Float64Array.prototype);
    return Object.assign(new Matrix(2, 2), { data: ints });
  },
  () => {
    const liar = new Float64Array(1);
    Object.defineProperty(liar, 'length', { value: 4 });
    return Object.assign(new Matrix(2, 2), { data: liar });
  },
  () => Object.assign(Object.create(Matrix.prototype) as object, { rows: 2, cols: 2, data: new Float64Array(4) }),
).map((make) => make());

/** Values of the wrong kind for almost any argument. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    undefined, null, NaN, Infinity, -Infinity, -1, 0, -0, 0.5, 1e300, 2 ** 53, '', 'x', '3', true, false,
    Symbol('s'), 10n, {}, [], [[]], [[1], [1, 2]], [['a']], [[NaN, 1]], [[1, null]], [null], [undefined], [1, 'a'],
    { rows: 2, cols: 2, data: new Float64Array(4) }, new Int32Array(3), new Float32Array(2), new DataView(new ArrayBuffer(8)),
    new Map(), new Date(0), /re/,
  ),
  fc.constantFrom(() => 1, () => NaN, () => 'x', () => [1, 2], () => undefined),
  forgedMatrix,
);

/** Sizes and counts: small valid ones, and every kind of bad one. */
export const size = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 2, arbitrary: fc.constantFrom(-1, 0.5, NaN, Infinity, 1e5, 1e6, 2 ** 32, 1e10, 2 ** 53, 1e300, -0, '3', null) },
);

/** A value for an option: plausible ones and hostile ones (counts kept small: see `options`). */
const optionValue = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 0.1, 0.5, 0.99, 1e-12, 1e-3, 10, 100, true, false, 'auto', 'covariance', 'gram', 'reduced',
    'complete', 'partial-pivot', 'row-addition', 'sigmoid', 'scaled', 'course', ',', ';', [0, 1], [1, 1], [[0, 1], [0, 1]]),
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -1, -0, 1e300, '', 'x', {}, [], Symbol('o'), 10n),
);

/**
 * An options object over `keys` (the function's own), sometimes with a misspelt or foreign
 * key, sometimes not an object at all. Iteration counts are capped at 200 so a valid but huge
 * `maxIter` cannot turn a run into a long loop (that is not a bug, just slow).
 */
export function options(keys: readonly string[]): fc.Arbitrary<unknown> {
  const record = fc
    .subarray([...keys], { maxLength: Math.min(3, keys.length) })
    .chain((chosen) => fc.tuple(...chosen.map((k) => optionValue.map((v) => [k, v] as const))))
    .map((pairs) => Object.fromEntries(pairs.map(([k, v]) => [k, /^(maxIter|iterations|steps|maxSteps|maxSweeps)$/.test(k) && typeof v === 'number' && v > 200 ? 200 : v])));
  return fc.oneof(
    { weight: 6, arbitrary: record },
    { weight: 2, arbitrary: fc.constant(undefined) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(record, fc.constantFrom('n_components', 'tolerance', 'epochs', 'lr', 'vector', 'backend', 'full_matrices', 'constructor'))
        .map(([o, key]) => ({ ...o, [key]: 1 })),
    },
    { weight: 1, arbitrary: hostile },
  );
}

/** Scalar functions of a point (the user's callbacks: some return junk, none throw). */
export const scalarFunction = fc.constantFrom(
  (x: ArrayLike<number>) => Array.from(x).reduce((s, v, i) => s + (v - i) ** 2, 0),
  (x: ArrayLike<number>) => (x[0] ?? 0) ** 4 - (x[0] ?? 0),
  () => NaN,
  () => 'x' as unknown as number,
  (x: ArrayLike<number>) => Math.exp(x[0] ?? 0),
);
export const vectorFunction = fc.constantFrom(
  (x: ArrayLike<number>) => Array.from(x, (v) => v * v - 1),
  (x: ArrayLike<number>) => [Array.from(x).reduce((s, v) => s + v, 0)],
  () => [NaN],
  () => 'x' as unknown as number[],
  () => new Float64Array(0),
);
export const realFunction = fc.constantFrom((x: number) => x * x - 2, (x: number) => Math.cos(x) - x, () => NaN, (x: number) => x);

export const objective = fc.oneof(
  scalarFunction,
  scalarFunction.map((f) => ({ f, grad: (x: ArrayLike<number>) => Array.from(x, (v, i) => 2 * (v - i)) })),
  fc.constantFrom(sandpit.intro, sandpit.well, sandpit.rocks),
  hostile,
);

export const stepRule = fc.oneof(
  fc.constantFrom(() => steepestStep(), () => newtonStep(), () => hybridStep(), () => steepestStep({ learningRate: 0.1 })).map((make) => make()),
  hostile,
);
