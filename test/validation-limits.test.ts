/**
 * Issue #9's library items, each as the hostile caller wrote it: sizes past what a typed array
 * (or a wasm memory) can hold, misspelt options, forged matrices and buffers, a model built
 * from null. Every one must be a typed MmlError saying what was wrong — never a RangeError or
 * TypeError from the engine, never a silently ignored option, never a stale answer — on every
 * backend.
 */
import { describe, expect, it } from 'vitest';
import {
  FormatError, Matrix, Mlp, OptionError, PcaAccumulator, PcaModel, ShapeError, cov, eigh, eye, matmul,
  ParseError, gaussianPdfGradient, linkMatrix, mean, outer, pairwiseDistances, pca, projectionMatrix, qr, withBackend, zeros,
} from '../src/entry/node.js';
import { WasmArena } from '../src/backend/wasm/arena.js';
import { BACKENDS, tableOf } from './helpers/backends.js';
import { thrown } from './helpers/thrown.js';

const available = BACKENDS.filter((b) => b.available).map((b) => b.name);
const Resizable = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };


describe.each(available)('hostile sizes and options on %s', (backend) => {
  const on = <T>(f: () => T): T => withBackend(backend, f);

  it('refuses sizes past a typed array with a ShapeError naming the limit, before allocating', () => {
    const wide = new Matrix(2, 1e5); // 2 rows of 1e5 features: d² = 1e10 entries
    const tall = new Matrix(1e5, 1);
    const calls: [string, () => unknown][] = [
      ['zeros', () => zeros(1e6, 1e6)],
      ['eye', () => eye(1e5)],
      ['new Matrix', () => new Matrix(1e6, 1e6)],
      ['cov', () => cov(wide)],
      ['outer', () => outer(new Float64Array(1e5), new Float64Array(1e5))],
      ['pairwiseDistances', () => pairwiseDistances(tall, tall)],
      ['matmul', () => matmul(new Matrix(1e5, 0), new Matrix(0, 1e5))],
      ['Mlp', () => new Mlp([1e5, 1e5])],
      ['PcaAccumulator', () => new PcaAccumulator(1e5)],
      ['PcaAccumulator.update', () => new PcaAccumulator().update(wide)],
      ['qr', () => qr(tall, { mode: 'complete' })],
      ['projectionMatrix', () => projectionMatrix(tall)],
    ];
    for (const [what, call] of calls) {
      const err = thrown(() => on(call));
      expect(err, what).toBeInstanceOf(ShapeError);
      expect(err.message, what).toMatch(/more than one Float64Array can hold \(at most 2\^32/);
    }
  });

  it("refuses misspelt options by name, listing the ones that exist (numpy's names included)", () => {
    const X = [[1, 2], [3, 5], [4, 4], [6, 9]];
    const cases: [string, string, () => unknown][] = [
      ['pca', 'n_components', () => pca(X, { n_components: 1 } as never)],
      ['Mlp.train', 'epochs', () => new Mlp([2, 1]).train(X, [[0], [1], [1], [0]], { epochs: 10, lr: 0.01 } as never)],
      ['eigh', 'vector', () => eigh([[2, 1], [1, 2]], { vector: false } as never)],
      ['PcaAccumulator.finish', 'n_components', () => new PcaAccumulator().update(X).finish({ n_components: 1 } as never)],
      ['cov', 'bias', () => cov(X, { bias: true } as never)],
    ];
    for (const [fn, option, call] of cases) {
      const err = thrown(() => on(call)) as OptionError;
      expect(err, fn).toBeInstanceOf(OptionError);
      expect([err.fn, err.option], fn).toEqual([fn, option]);
      expect(err.known!.length, fn).toBeGreaterThan(0);
      expect(err.message, fn).toContain(`unknown option '${fn}: ${option}'`);
      for (const known of err.known!) expect(err.message, fn).toContain(`'${known}'`);
    }
  });

  it('computes on no Matrix whose buffer is shorter than rows × cols (a shrunk resizable buffer)', () => {
    // The repro: on wasm this returned the previous call's operand from the arena.
    on(() => matmul(new Matrix(40, 40, Float64Array.from({ length: 1600 }, (_, i) => 1000 + i)), eye(40)));
    const buffer = new Resizable(1600 * 8, { maxByteLength: 1600 * 8 });
    const A = new Matrix(40, 40, new Float64Array(buffer));
    buffer.resize(0);
    expect(() => on(() => matmul(A, eye(40)))).toThrow(ShapeError);
    expect(() => on(() => pca(A))).toThrow(ShapeError);
  });

  it('sees through a forged Float64Array (another typed array on its prototype, a shadowed length)', () => {
    const ints = new Int32Array(4);
    Object.setPrototypeOf(ints, Float64Array.prototype);
    expect(() => new Matrix(2, 2, ints as unknown as Float64Array)).toThrow(ShapeError);
    const liar = new Float64Array(1);
    Object.defineProperty(liar, 'length', { value: 4 });
    expect(() => new Matrix(2, 2, liar)).toThrow(ShapeError);
    const m = new Matrix(2, 2);
    Object.defineProperty(m, 'rows', { get: () => Math.floor(Math.random() * 1e6) });
    expect(() => on(() => matmul(m, eye(2)))).toThrow(ShapeError);
  });
});

describe('PcaModel from hostile fields', () => {
  it('is a FormatError naming the field, not a TypeError', () => {
    const err = thrown(() => new PcaModel(null as never));
    expect(err).toBeInstanceOf(FormatError);
    const model = pca([[1, 2], [3, 5], [4, 4]]);
    const fields = { ...model, components: model.components, mean: model.mean };
    for (const field of ['mean', 'components', 'explainedVariance', 'whiten', 'nSamples'] as const) {
      const e = thrown(() => new PcaModel({ ...fields, [field]: null } as never));
      expect(e, field).toBeInstanceOf(FormatError);
      expect((e as FormatError).field, field).toBe(field);
    }
  });

  it('copies its arrays: shrinking the caller buffer afterwards changes nothing', () => {
    const model = pca([[1, 2], [3, 5], [4, 4]]);
    const buffer = new Resizable(16, { maxByteLength: 16 });
    const mean = new Float64Array(buffer);
    mean.set(model.mean);
    const copy = new PcaModel({ ...model, components: model.components, mean });
    buffer.resize(0);
    expect(copy.transform([[1, 2]]).toArray()).toEqual(model.transform([[1, 2]]).toArray());
    expect(Object.isFrozen(copy)).toBe(true);
  });
});

describe.runIf(available.includes('wasm'))('wasm kernel wrappers (defence in depth)', () => {
  it('refuse operands shorter than the sizes they are told, instead of reading stale arena memory', () => {
    const wasm = tableOf('wasm');
    const c = new Float64Array(4);
    wasm.gemm(0, 0, 2, 2, 2, 1, new Float64Array([1, 2, 3, 4]), new Float64Array([1, 0, 0, 1]), 0, c);
    const err = thrown(() => wasm.gemm(0, 0, 2, 2, 2, 1, new Float64Array(1), new Float64Array([1, 0, 0, 1]), 0, c));
    expect(err).toBeInstanceOf(ShapeError);
    expect(err.message).toMatch(/wasm gemm: a holds 1 entries; the sizes given need 4/);
    expect(() => wasm.symEig(3, new Float64Array(4), new Float64Array(3), new Float64Array(9), 1)).toThrow(ShapeError);
    expect(() => wasm.colMeans(3, 2, new Float64Array(5), new Float64Array(2))).toThrow(ShapeError);
    const two = () => new Float64Array(2);
    expect(() => wasm.colStats(3, 2, new Float64Array(5), two(), two(), two(), two())).toThrow(ShapeError);
    expect(() => wasm.colStats(3, 2, new Float64Array(6), two(), two(), new Float64Array(1), two())).toThrow(ShapeError);
  });

  it('say how much memory a call needs when a wasm32 memory cannot hold it', () => {
    // The arena itself, on a small memory: operands of 6 GiB are refused before growing, with
    // the figure and the 4 GiB limit (a real 6 GiB operand is too much for a test).
    const arena = new WasmArena(new WebAssembly.Memory({ initial: 1 }), 16);
    const err = thrown(() => arena.alloc(3 * 2 ** 28));
    expect(err).toBeInstanceOf(ShapeError);
    expect(err.message).toMatch(/needs 6\.0 GiB of linear memory .* at most 4 GiB/);
  });
});

describe('found by the API fuzz', () => {
  it('linkMatrix(edges as a forged Matrix, n) is a ShapeError, not a RangeError', () => {
    const forged = Object.assign(new Matrix(2, 2, new Float64Array([0, 1, 1, 0])), { rows: -4, cols: -1 });
    expect(() => linkMatrix(forged, 2)).toThrow(ShapeError);
  });

  it('pairwiseDistances of entries near 1e300: the distance (1e300), not ∞ − ∞ = NaN', () => {
    for (const backend of available) {
      const d = withBackend(backend, () => pairwiseDistances([[5, -4, 1e300], [-6, 2, -6]]).data);
      expect(Array.from(d), backend).toEqual([0, 1e300, 1e300, 0]);
      const tiny = withBackend(backend, () => pairwiseDistances([[1e-300, 0]], [[0, 2e-300]]).data[0]);
      expect(tiny / (Math.sqrt(5) * 1e-300), backend).toBeCloseTo(1, 12);
    }
  });

  it('mean of a column holding ±∞ is ±∞ on every backend (IEEE, as numpy), not NaN', () => {
    for (const backend of available) {
      expect(Array.from(withBackend(backend, () => mean(new Matrix(1, 2, new Float64Array([Infinity, 0]))))), backend).toEqual([Infinity, 0]);
      expect(Array.from(withBackend(backend, () => mean([[Infinity], [1], [-2]]))), backend).toEqual([Infinity]);
      expect(Number.isNaN(withBackend(backend, () => mean([[Infinity], [-Infinity]]))[0]), backend).toBe(true);
    }
  });

  it('eigh with subnormal entries beside normal ones converges on every backend', () => {
    const A = [[3, 3.45e-140, -1, 3], [7, 2, -3, -1.2e-65], [4.4e-323, -3.1e-202, -8, -6], [-8e-323, 5, 8, 0]];
    const reference = withBackend('ts', () => eigh(A.map((r) => r.map((v) => (Math.abs(v) < 1e-300 ? 0 : v))))).values;
    for (const backend of available) {
      const { values } = withBackend(backend, () => eigh(A));
      for (let i = 0; i < 4; i++) expect(values[i], backend).toBeCloseTo(reference[i], 12);
    }
  });

  it('gaussianPdfGradient at x = μ with a subnormal σ: dMu is 0 (∞ · 0 gave NaN)', () => {
    const g = gaussianPdfGradient([0, 6], 0, 6e-323);
    expect(Array.from(g.dMu)).toEqual([0, 0]);
    expect(g.value[0]).toBe(Infinity);
  });

  it('error classes built with odd arguments stay errors (no TypeError from their constructors)', () => {
    expect(new OptionError(3 as never, 'x', 1).option).toBe('3');
    expect(new OptionError('f: k', '', 1, 'x' as never).message).toContain("unknown option 'f: k'");
    expect(new ParseError(Symbol('m') as never, Symbol('f') as never, 1, 1).message).toContain('Symbol(m)');
  });
});
